import Foundation
import Testing
@testable import WarRoomPlan

/// Each filled-in Markdown plan in fixtures/import converts to exactly its `.expected.yaml` and `.expected.txt`.
/// A missing golden is written from the current output and the test fails, so every baseline gets reviewed.
@Suite("Import goldens")
struct ImportGoldenTests {
    static let plans = ["release-plan", "rollout-plan", "deployment-plan"]

    @Test(arguments: plans)
    func matchesGoldens(_ name: String) throws {
        let relative = "fixtures/import/\(name).md"
        let result = MarkdownImporter.convert(markdown: try Fixtures.text(relative), file: relative)
        try ImportGolden.compare(result.yaml, golden: "fixtures/import/\(name).expected.yaml")
        try ImportGolden.compare(result.report, golden: "fixtures/import/\(name).expected.txt")
    }

    /// The expected YAML loads; the only tolerated errors are those of v2 keys the loader does not read yet.
    @Test(arguments: plans)
    func expectedYAMLLoads(_ name: String) throws {
        let relative = "fixtures/import/\(name).expected.yaml"
        let report = PlanLoader.check(text: try Fixtures.text(relative), file: relative).report
        let errors = report.errors.filter { !Self.isPendingV2($0) }
        #expect(errors.isEmpty, "\(report)")
    }

    /// A filled-in plan leaves no placeholder behind and maps its stages, metrics and checklist.
    @Test(arguments: plans)
    func filledPlanHasNoPlaceholders(_ name: String) throws {
        let relative = "fixtures/import/\(name).md"
        let result = MarkdownImporter.convert(markdown: try Fixtures.text(relative), file: relative)
        #expect(result.placeholders.isEmpty, "\(result.placeholders)")
        #expect(result.mapped.contains { $0.contains("metric") })
        #expect(result.mapped.contains { $0.contains("stage") })
        #expect(!result.yaml.contains("(required)"), "a filled-in plan lacks no required key:\n\(result.yaml)")
    }

    // TODO(lead): remove this tolerance once the v2 plan decoder (health_checks, logs, communication, risks,
    // feature_flags, approvals, rollback owners/contingency, avg/within/baseline± rules) is merged.
    static func isPendingV2(_ diagnostic: Diagnostic) -> Bool {
        let sections = ["health_checks", "logs", "communication", "risks", "feature_flags", "approvals"]
        if sections.contains(where: { diagnostic.message.hasPrefix("unknown key '\($0)' in the plan") }) { return true }
        if ["owners", "contingency"].contains(where: { diagnostic.message.hasPrefix("unknown key '\($0)' in rollback") }) {
            return true
        }
        let v2Rule = ["'within'", "'baseline'", "avg(", "min(", "max(", "p95("]
        return v2Rule.contains { diagnostic.message.contains($0) }
    }
}
