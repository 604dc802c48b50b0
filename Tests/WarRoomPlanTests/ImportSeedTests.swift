import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomPlan

/// The raw, unfilled seed templates (copies of shared/seeds): the importer reports their placeholders and never invents values.
@Suite("Import of the raw seed templates")
struct ImportSeedTests {
    static let seedDirectory = Repository.path("fixtures/import/seeds")

    static var seeds: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: seedDirectory)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
    }

    @Test(arguments: seeds)
    func reportsPlaceholdersInsteadOfInventing(_ seed: String) throws {
        let text = try String(contentsOfFile: Self.seedDirectory + "/" + seed, encoding: .utf8)
        let result = MarkdownImporter.convert(markdown: text, file: seed)
        // The strategy guide (001) is prose without blanks; every other seed is a template to fill in.
        if !seed.hasPrefix("001") { #expect(!result.placeholders.isEmpty, "a template is full of placeholders") }
        for placeholder in ["[value]", "___", "[Name", "*e.g.", "*Example", "[Date]", "YYYY-MM-DD"] {
            #expect(!result.yaml.contains(placeholder), "\(seed): \(placeholder) leaked into the YAML")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for note in result.placeholders + result.unmapped {
            #expect(note.line >= 1 && note.line <= lines.count, "\(note)")
        }
        // Whatever the importer wrote is YAML the loader can read (it may lack required values: those are TODOs).
        let report = PlanLoader.check(text: result.yaml, file: seed + ".yaml").report
        #expect(!report.errors.contains { $0.message.contains("syntax") || $0.message.contains("YAML") }, "\(report)")
    }

    /// Validating the output fails only on what the import already says is missing: a `# TODO` in the YAML or a
    /// note in the report names every error, so the validator never finds a problem the importer kept quiet about.
    @Test(arguments: seeds)
    func validationFailsOnlyOnWhatTheImportNamed(_ seed: String) throws {
        let text = try String(contentsOfFile: Self.seedDirectory + "/" + seed, encoding: .utf8)
        let result = MarkdownImporter.convert(markdown: text, file: seed)
        let report = PlanLoader.check(text: result.yaml, file: seed + ".yaml", environment: [:]).report
        let unexplained = Self.unexplained(report.errors, by: result)
        #expect(unexplained.isEmpty, "\(seed): errors the import did not name:\n\(unexplained.map(\.description).joined(separator: "\n"))\n\(result.yaml)")
    }

    /// The check above can fail: an error nothing names is caught, and naming it in a TODO is what clears it.
    @Test func anErrorNothingNamesIsCaught() {
        let yaml = """
        release: {name: x, version: "1"}
        strategy: canary
        stages: [{name: Everyone}]
        metrics: [{name: error_rate, success: "< 1"}]
        triggers: ["error_rate > 2 for 5m"]

        """
        let errors = PlanLoader.check(text: yaml, file: "plan.yaml", environment: [:]).report.errors
        #expect(errors.count == 1)
        let silent = ImportResult(yaml: yaml, mapped: [], unmapped: [], placeholders: [])
        #expect(Self.unexplained(errors, by: silent).count == 1)
        let named = ImportResult(yaml: yaml + "# TODO line 9: fill in the alert bound of error_rate (required)\n", mapped: [], unmapped: [],
                                 placeholders: [])
        #expect(Self.unexplained(errors, by: named).isEmpty)
        let broken = "release:\n  name: x\nrelease:\n  name: y\n# TODO: release\n"
        let duplicate = PlanLoader.check(text: broken, file: "plan.yaml", environment: [:]).report.errors
        #expect(!duplicate.isEmpty)
        #expect(Self.unexplained(duplicate, by: ImportResult(yaml: broken, mapped: [], unmapped: [], placeholders: [])) == duplicate,
                "YAML the importer wrote wrongly is never excused by a TODO")
    }

    /// The errors no announcement names. An announcement is a `# TODO` line of the YAML or an unmapped note; it names
    /// an error when it holds, as a word, a key or name the error quotes ('strategy', 'success', 'readiness').
    /// An error in the YAML itself (syntax, a duplicate key) is the importer's own fault and never counts as named.
    static func unexplained(_ errors: [Diagnostic], by result: ImportResult) -> [Diagnostic] {
        let todos = result.yaml.split(separator: "\n").filter { $0.contains("# TODO") }.map(String.init)
        let announcements = (todos + result.unmapped.map(\.message)).map(words)
        return errors.filter { error in
            let ownFault = ["invalid YAML", "duplicate key", "cannot read"].contains { error.message.hasPrefix($0) }
            let quoted = error.message.matches(of: #/'([^']+)'/#).map { String($0.1).lowercased() }
            return ownFault || !quoted.contains { name in announcements.contains { $0.contains(name) } }
        }
    }

    private static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
    }

    /// The whole output for each template is pinned, so a change in what gets reported is reviewed.
    @Test(arguments: seeds)
    func matchesGolden(_ seed: String) throws {
        let text = try String(contentsOfFile: Self.seedDirectory + "/" + seed, encoding: .utf8)
        let result = MarkdownImporter.convert(markdown: text, file: seed)
        let name = seed.replacingOccurrences(of: ".txt", with: "")
        TextGolden.check(result.yaml + "\n# ---- report ----\n" + result.report,
                         golden: Repository.path("fixtures/import/seeds/\(name).expected"))
    }

    @Test func seedsArePresent() {
        #expect(Self.seeds.count >= 5)
    }
}
