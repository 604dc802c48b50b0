import Foundation
import Testing
@testable import WarRoomPlan

/// The v2 values the importer reads out of free text: due times, on-call contacts, start times with zones,
/// rollback commands, and the flag of a feature-flag release.
@Suite("Import readings")
struct ImportReadingTests {
    /// A small filled-in plan around the part under test, so the output is a whole plan the loader can check.
    static func plan(overview: String = "", strategy: String = "**Method**: Canary: 5% for 15 minutes → 100%",
                     extra: String = "") -> String {
        """
        # Deployment Plan: billing-api 2.1.0
        \(overview)
        ## Deployment Strategy
        \(strategy)
        ## Success Metrics
        | Metric | Baseline | Success Threshold | Alert Threshold |
        |---|---|---|---|
        | Error Rate | 0.1% | < 0.5% | > 1% |
        ## Rollback Triggers
        - Error rate above 1% for 5 minutes
        \(extra)
        """
    }

    static func check(_ result: ImportResult) -> DiagnosticReport {
        PlanLoader.check(text: result.yaml, file: "plan.yaml", environment: [:]).report
    }

    @Test func dueTimesComeFromTheParenthesisAndMustSuitThePhase() {
        let markdown = Self.plan(extra: """
        ## Pre-Launch
        - [ ] Support briefed (T-2 hours)
        - [ ] Load test signed off (owner: Ben) (T-1d)
        ## Post-Launch
        - [ ] Cost report shared (T+1d)
        - [ ] Dashboards archived (T-2h)
        """)
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        #expect(result.yaml.contains("    - text: Support briefed\n      due: T-2h\n"))
        #expect(result.yaml.contains("    - text: Load test signed off\n      owner: Ben\n      due: T-1d\n"))
        #expect(result.yaml.contains("    - text: Cost report shared\n      due: T+1d\n"))
        // Due before launch but filed after it: the time is not written, and both the YAML and the report say why.
        #expect(result.yaml.contains("# TODO line 16: due T-2h is before launch, but the item is post-launch"))
        #expect(result.yaml.contains("    - Dashboards archived\n"))
        #expect(result.unmapped.contains { $0.line == 16 && $0.message.contains("due left out") })
        #expect(Self.check(result).errors.isEmpty, "\(Self.check(result))")
    }

    /// Only a parenthesis that is an offset and nothing else is a due time.
    @Test func aDayBeforeTheOffsetIsNotADueTime() {
        #expect(TextRules.dueOffset("T-2h") == "T-2h")
        #expect(TextRules.dueOffset("Thu T-2h") == nil)
        let result = MarkdownImporter.convert(markdown: Self.plan(extra: "## Pre-Launch\n- [ ] Brief support (Thu T-2h)\n"), file: "plan.md")
        #expect(!result.yaml.contains("due: T-2h"))
        #expect(result.yaml.contains("Brief support (Thu T-2h)"))
    }

    /// Lines under a rollback heading that a later section takes (the channel) are not also called leftovers.
    @Test func rollbackLeftoversAreOnlyWhatNoSectionTook() {
        let markdown = Self.plan(extra: "## Rollback Communication\n- **Slack Channel**: #rollback-room\n- **Pager**: nobody reads this\n")
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        #expect(result.yaml.contains("channel: \"#rollback-room\""))
        #expect(!result.unmapped.contains { $0.message.contains("Slack Channel") })
        #expect(result.unmapped.contains { $0.message.contains("\"Pager\" under \"Rollback Communication\"") })
    }

    /// Risk values are the model's own: a compliance risk stays one.
    @Test func everyRiskCategoryOfTheFormatIsKept() {
        let markdown = Self.plan(extra: """
        ## Risk Register
        | ID | Risk | Category | Likelihood | Impact | Mitigation |
        |---|---|---|---|---|---|
        | R1 | Logs kept too long | Compliance | Low | High | Retention job |
        """)
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        #expect(result.yaml.contains("category: compliance"))
        #expect(!result.unmapped.contains { $0.message.contains("category") })
    }

    @Test func onCallSplitsOnlyWhenTheRestIsAContact() {
        let split = MarkdownImporter.convert(markdown: Self.plan(overview: "**On-Call Engineer:** Lin Chen <lin@example.com>"), file: "plan.md")
        #expect(split.yaml.contains("  on_call:\n    name: Lin Chen\n    contact: lin@example.com\n"))
        let kept = MarkdownImporter.convert(markdown: Self.plan(overview: "**On-Call Engineer:** Sam Ortiz (backend)"), file: "plan.md")
        #expect(kept.yaml.contains("  on_call: Sam Ortiz (backend)\n"))
        #expect(Self.check(split).errors.isEmpty && Self.check(kept).errors.isEmpty)
    }

    @Test func startTimesKeepTheirZoneOnlyWhenItIsOneZone() {
        #expect(StartTime(parsing: "2026-12-03 15:00 Europe/Berlin") == .local("2026-12-03 15:00", zone: "Europe/Berlin"))
        #expect(StartTime(parsing: "2026-12-03 14:00 UTC") == .local("2026-12-03 14:00", zone: "UTC"))
        // PST is also Philippine time: an offset is what it surely means.
        #expect(StartTime(parsing: "2026-12-03 9:00 PST") == .instant("2026-12-03T09:00:00-08:00"))
        #expect(StartTime(parsing: "2026-12-03 15:00 CET (Europe/Berlin)") == .local("2026-12-03 15:00", zone: "Europe/Berlin"))
        // In July Berlin keeps CEST, so "CET (Europe/Berlin)" contradicts itself.
        guard case .conflict = StartTime(parsing: "2026-07-01 15:00 CET (Europe/Berlin)") else {
            Issue.record("a zone that disagrees with its offset is a conflict")
            return
        }
        #expect(StartTime(parsing: "2026-12-03") == nil)
        #expect(StartTime(parsing: "2026-12-03 9:00 UTC+1") == nil, "UTC+1 is not UTC: no zone rather than a wrong one")
        let result = MarkdownImporter.convert(markdown: Self.plan(overview: "**Release Date:** 2026-07-01 15:00 CET (Europe/Berlin)"),
                                              file: "plan.md")
        #expect(!result.yaml.contains("start:"))
        #expect(result.unmapped.contains { $0.message.contains("CET is not the offset of Europe/Berlin") })
    }

    /// Found by the Markdown fuzzer: a duration too large for a whole number is prose, not a trap.
    @Test func aDurationNoWholeNumberHoldsIsNotADuration() {
        #expect(TextRules.duration(in: "updates every 30 minutes") == "30m")
        #expect(TextRules.duration(in: "updates every 99999999999999999999999 minutes") == nil)
        #expect(TextRules.duration(in: "every 1.5 hours") == nil)
        let result = MarkdownImporter.convert(
            markdown: Self.plan(extra: "## Communication\n- Updates every 99999999999999999999999 weeks\n"), file: "plan.md")
        #expect(!result.yaml.contains("cadence: 99999"))
    }

    @Test func aRollbackStepCarriesTheOneCommandInItsBackticks() {
        #expect(TextRules.command(in: "Roll back: `helm rollback billing 41`") == "helm rollback billing 41")
        #expect(TextRules.command(in: "Run `$ ./rollback.sh`") == "./rollback.sh")
        #expect(TextRules.command(in: "Turn off `billing_v2` in Unleash") == nil, "one word is a name")
        #expect(TextRules.command(in: "Run `make undo` then `make verify`") == nil, "a step carries one command")
    }

    @Test func aFeatureFlagReleaseTakesTheFlagItsStrategyNames() {
        let flags = """
        ## Feature Flag Plan
        | Flag Name | Type | Default | Rollout Plan | Cleanup Date |
        |---|---|---|---|---|
        | invoice_v2 | release | off | 1% → 100% | 2027-01-15 |
        | tax_engine | release | off | 10% → 100% | 2027-02-01 |
        """
        let named = MarkdownImporter.convert(markdown: Self.plan(strategy: "**Method**: Feature flag `tax_engine`: 10% for 1 hour → 100%", extra: flags),
                                             file: "plan.md")
        #expect(named.yaml.contains("strategy: feature-flag\nflag: tax_engine\n"))
        #expect(Self.check(named).errors.isEmpty, "\(Self.check(named))")

        // Two flags and no word on which: the importer does not pick one, and says so where the key belongs.
        let unnamed = MarkdownImporter.convert(markdown: Self.plan(strategy: "**Method**: Feature flag: 10% for 1 hour → 100%", extra: flags),
                                               file: "plan.md")
        #expect(unnamed.yaml.contains("# TODO: fill in flag (required by the feature-flag strategy): one of invoice_v2, tax_engine"))
        #expect(!unnamed.yaml.contains("\nflag:"))
        let errors = Self.check(unnamed).errors
        #expect(errors.count == 1 && errors.allSatisfy { $0.message.contains("flag") }, "\(errors)")
    }
}
