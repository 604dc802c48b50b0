import Foundation
import Testing
@testable import WarRoomPlan

/// The raw, unfilled seed templates (copies of shared/seeds): the importer reports their placeholders and never invents values.
@Suite("Import of the raw seed templates")
struct ImportSeedTests {
    static let seedDirectory = Fixtures.path("fixtures/import/seeds")

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

    /// The whole output for each template is pinned, so a change in what gets reported is reviewed.
    @Test(arguments: seeds)
    func matchesGolden(_ seed: String) throws {
        let text = try String(contentsOfFile: Self.seedDirectory + "/" + seed, encoding: .utf8)
        let result = MarkdownImporter.convert(markdown: text, file: seed)
        let name = seed.replacingOccurrences(of: ".txt", with: "")
        try ImportGolden.compare(result.yaml + "\n# ---- report ----\n" + result.report,
                                 golden: "fixtures/import/seeds/\(name).expected")
    }

    @Test func seedsArePresent() {
        #expect(Self.seeds.count >= 5)
    }
}
