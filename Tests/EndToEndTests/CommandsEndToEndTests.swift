import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore

/// The commands that do not open the screen, run as the real binary.
struct CommandsEndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func warroom(_ arguments: String...) throws -> String { try Tmux.run(Tmux.binary.path, arguments) }

    func failure(_ arguments: String...) throws -> CommandFailure {
        do {
            _ = try Tmux.run(Tmux.binary.path, arguments)
        } catch let failure as CommandFailure {
            return failure
        }
        Issue.record("warroom \(arguments.joined(separator: " ")) should have failed")
        return CommandFailure(command: "", status: 0, output: "")
    }

    @Test func versionIsTheOneTheExportsName() throws {
        #expect(try warroom("--version") == WarroomVersion.current + "\n")
    }

    @Test func initWritesAStarterPlanThatValidatesAndIsNeverOverwritten() throws {
        let plan = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-init-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: plan) }
        #expect(try warroom("init", plan).contains("wrote \(plan)"))
        #expect(try warroom("validate", plan).contains("valid"))
        try "# mine\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let refused = try failure("init", plan)
        #expect(refused.status == 1)
        #expect(refused.output.contains("already exists"))
        #expect(try String(contentsOfFile: plan, encoding: .utf8) == "# mine\n", "a plan someone wrote is never replaced without --force")
    }

    @Test func validateReportsEveryErrorAndExitsNonZero() throws {
        let plan = Self.repository.appendingPathComponent("fixtures/plans/invalid/typos.yaml").path
        let result = try failure("validate", plan)
        #expect(result.status == 1)
        #expect(result.output.contains("\(plan):4:3: error: unknown key 'verison'"))
        #expect(result.output.contains("\(plan):22:5: error: unknown metric 'eror_rate'"))
        #expect(result.output.contains("the plan was not loaded"))
    }

    @Test func layoutsListsTheBuiltInsAndChecksFiles() throws {
        let listing = try warroom("layouts")
        #expect(listing.contains("default    100x30 and up"))
        #expect(listing.contains("compact    80x24 and up"))
        let file = Self.repository.appendingPathComponent("layouts/compact.yaml").path
        #expect(try warroom("layouts", file).contains("ok, 'compact'"))
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-layout-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: broken) }
        try "name: x\nrows:\n  - size: 2\n    pane: headr\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let result = try failure("layouts", broken)
        #expect(result.output.contains("\(broken):4:11: error:"))
    }

    @Test func importWritesTheYAMLAndReportsWhatItMapped() throws {
        let markdown = Self.repository.appendingPathComponent("fixtures/import/release-plan.md").path
        let expected = Self.repository.appendingPathComponent("fixtures/import/release-plan.expected.yaml").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-import-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let report = try warroom("import", markdown, "-o", output)
        #expect(report.contains("placeholders (0)"))
        #expect(try String(contentsOfFile: output, encoding: .utf8) == String(contentsOfFile: expected, encoding: .utf8))
        #expect(report.contains("wrote \(output)\n"))
        #expect(report.hasSuffix("the plan validates (2 warnings above)\n"), "\(report)")
        #expect(report.contains("\(output):40:11: warning: metric 'throughput' has no trigger"))
        #expect(try failure("import", markdown, "-o", output).output.contains("already exists"))
    }

    /// An unfilled template imports, and the import ends by saying what the written YAML still lacks, each
    /// problem at its line and column in that YAML with the line quoted, as `validate` would.
    @Test func importSaysWhatTheWrittenPlanStillLacks() throws {
        let markdown = Self.repository.appendingPathComponent("fixtures/import/seeds/004_18c887fac94ed90d.txt").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-import-\(UUID().uuidString).yaml").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let report = try warroom("import", markdown, "-o", output)
        let yaml = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(report.contains("\(output):3:1: error: missing required key 'strategy' in the plan"))
        #expect(report.contains("\(output):26:5: error: missing required key 'success' in metric 1"))
        #expect(report.hasSuffix("the plan does not validate yet: 8 errors above to fix in \(output)\n"), "\(report)")
        let headline = try Regex(NSRegularExpression.escapedPattern(for: output) + #":(\d+):(\d+): error: "#)
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false)
        var located = 0
        for (index, line) in lines.enumerated() {
            guard let match = line.prefixMatch(of: headline), let number = Int(match.output[1].substring ?? "") else { continue }
            #expect(number >= 1 && number <= yaml.count && lines[safe: index + 1] == yaml[number - 1], "\(line) quotes its line")
            located += 1
        }
        #expect(located == 8)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
