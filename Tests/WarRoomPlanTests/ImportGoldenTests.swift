import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomPlan

/// Each filled-in Markdown plan in fixtures/import converts to exactly its `.expected.yaml` and `.expected.txt`.
/// A missing golden is written from the current output and the test fails, so every baseline gets reviewed.
@Suite("Import goldens")
struct ImportGoldenTests {
    static let filledPlans = ["release-plan", "rollout-plan", "deployment-plan", "deployment-long"]
    /// Plans written the way teams write them: other headings (Go/No-Go, Abort criteria, Comms), loose tables,
    /// prose around the lists, mixed checkbox styles, rates, and a placeholder or two left in.
    static let loosePlans = ["checkout-go-no-go", "ledger-migration", "notifications-flag"]
    static let plans = filledPlans + loosePlans
    /// Fixed, so a `${TOKEN}` set in the shell running the tests cannot change what the checks see.
    static let environment: [String: String] = [:]

    @Test(arguments: plans)
    func matchesGoldens(_ name: String) throws {
        let relative = "fixtures/import/\(name).md"
        let result = MarkdownImporter.convert(markdown: try Repository.text(relative), file: relative)
        TextGolden.check(result.yaml, golden: Repository.path("fixtures/import/\(name).expected.yaml"))
        TextGolden.check(result.report, golden: Repository.path("fixtures/import/\(name).expected.txt"))
    }

    /// The expected YAML loads with no error at all: whatever the importer writes, the v2 decoder accepts.
    @Test(arguments: plans)
    func expectedYAMLLoads(_ name: String) throws {
        let relative = "fixtures/import/\(name).expected.yaml"
        let (plan, report) = PlanLoader.check(text: try Repository.text(relative), file: relative, environment: Self.environment)
        #expect(report.errors.isEmpty, "\(report)")
        #expect(plan != nil)
    }

    /// A filled-in plan leaves no placeholder behind and maps its stages, metrics and checklist.
    @Test(arguments: filledPlans)
    func filledPlanHasNoPlaceholders(_ name: String) throws {
        let relative = "fixtures/import/\(name).md"
        let result = MarkdownImporter.convert(markdown: try Repository.text(relative), file: relative)
        #expect(result.placeholders.isEmpty, "\(result.placeholders)")
        #expect(result.mapped.contains { $0.contains("metric") })
        #expect(result.mapped.contains { $0.contains("stage") })
        #expect(!result.yaml.contains("(required)"), "a filled-in plan lacks no required key:\n\(result.yaml)")
    }
}
