import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomPlan

/// What the importer writes is inert: a control from the Markdown becomes its picture in the YAML (so the YAML
/// loads, or its problems are named with their line and column) and in the report.
@Suite("Import of hostile text")
struct ImportInertTextTests {
    /// The places of a plan where Markdown text ends up in the YAML or the report.
    static func plan(with hostile: String) -> String {
        """
        # Release Plan: \(hostile) 2.0.0
        **Release Owner:** \(hostile)
        **On-call Engineer:** \(hostile) (pager +1-555-0100)
        **Method**: \(hostile)
        ## Rollout Stages
        1. **Stage 1:** \(hostile) - 5% for 30 minutes
        2. **Stage 2:** Everyone - 100%
        ## Success Metrics
        | Metric | Baseline | Success Threshold | Alert Threshold |
        |---|---|---|---|
        | Error Rate | 0.1% | < 0.5% | > 1% |
        | \(hostile) | 1 | < 2 | > 3 |
        ## Rollback Triggers
        - Error rate above 1% for 5 minutes
        - \(hostile)
        ## Rollback Steps
        1. \(hostile) with `kubectl rollout undo \(hostile)`
        ## Communication
        - **Slack channel:** \(hostile)
        - **Escalation:** \(hostile) → Dana
        ## Pre-Launch
        - [ ] \(hostile) (owner: \(hostile)) (T-2h)
        - [ ] [\(hostile)]
        ## Decision Points
        - T+15 minutes: \(hostile)
        ## Risks
        | Risk | Likelihood | Impact | Mitigation |
        |---|---|---|---|
        | \(hostile) | Low | High | \(hostile) |
        """
    }

    static func loads(_ yaml: String) -> DiagnosticReport {
        PlanLoader.check(text: yaml, file: "plan.yaml", environment: [:]).report
    }

    @Test(arguments: HostileText.corpus)
    func hostileTextIsWrittenInert(_ hostile: String) {
        let result = MarkdownImporter.convert(markdown: Self.plan(with: hostile), file: "plans/\(hostile).md")
        #expect(HostileText.rawControls(in: result.yaml).isEmpty, "\(hostile.debugDescription):\n\(result.yaml)")
        #expect(HostileText.rawControls(in: result.report).isEmpty, "\(hostile.debugDescription)")
        let report = Self.loads(result.yaml)
        // What the importer wrote is YAML: no syntax error, no error without a place, nothing printed raw.
        #expect(!report.errors.contains { $0.message.hasPrefix("invalid YAML") || $0.message.hasPrefix("duplicate key") },
                "\(hostile.debugDescription): \(report)\n\(result.yaml)")
        #expect(!report.errors.contains { $0.line == 0 }, "\(report)")
        #expect(!report.errors.contains { $0.message.contains("control character") }, "\(report)")
        #expect(HostileText.rawControls(in: report.description).isEmpty)
    }

    @Test func anEscapeBecomesItsPicture() {
        let result = MarkdownImporter.convert(markdown: ImportReadingTests.plan(extra: "## Pre-Launch\n- [ ] Brief \u{1B}[2J support\n"),
                                              file: "plan.md")
        #expect(result.yaml.contains("    - Brief ␛[2J support\n"))
        #expect(Self.loads(result.yaml).errors.isEmpty, "\(Self.loads(result.yaml))")
    }

    /// YAML's own line breaks (U+2028) would end a comment and start a key; they are written visibly.
    @Test func aLineSeparatorCannotStartANewKey() {
        let markdown = ImportReadingTests.plan(extra: "- weird rule\u{2028}strategy: big-bang\n")
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        #expect(!result.yaml.unicodeScalars.contains("\u{2028}"))
        #expect(result.yaml.contains("weird rule⟨U+2028⟩strategy: big-bang"))
        #expect(Self.loads(result.yaml).errors.isEmpty, "\(Self.loads(result.yaml))")
    }

    /// Names with brackets and commas inside a flow list (`[a, b]`) are quoted, or the list would split them.
    @Test func flowListItemsAreQuoted() {
        let markdown = ImportReadingTests.plan(extra: "## Communication\n- **Escalation:** Sam {lead} → Dana] → Lee\n")
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        #expect(result.yaml.contains("  escalation: [\"Sam {lead}\", \"Dana]\", Lee]"))
        let plan = PlanLoader.check(text: result.yaml, file: "plan.yaml", environment: [:]).plan
        #expect(plan?.communication.escalation == ["Sam {lead}", "Dana]", "Lee"])
    }

    /// Lower-casing "İ" makes it longer, so a place found in the lower-cased rule is past the end of the original.
    @Test func aCharacterThatGrowsWhenLowerCasedDoesNotTrap() {
        let markdown = ImportReadingTests.plan(extra: "- İİİİİİİİİİİİ > 1\n- ERROR RATE İ above 1% for 10 minutes\n")
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        // The words are still found: the metric is named in the rule.
        #expect(result.yaml.contains("  - error_rate > 1% for 10m\n"), "\(result.yaml)")
    }

    /// A Markdown plan saved on Windows imports exactly as the same plan with Unix line ends.
    @Test func windowsLineEndsImportLikeUnix() throws {
        let markdown = try Repository.text("fixtures/import/release-plan.md")
        let unix = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        let windows = MarkdownImporter.convert(markdown: markdown.replacingOccurrences(of: "\n", with: "\r\n"), file: "plan.md")
        #expect(windows.yaml == unix.yaml)
        #expect(windows.report == unix.report)
    }
}
