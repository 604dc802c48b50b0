import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomPlan

/// The plan loader and the Markdown importer, fuzzed from the corpora in `fixtures/fuzz/plan-yaml` and
/// `fixtures/fuzz/markdown-import`. Beyond "no trap, no hang": every error names its line and column unless it is
/// about the whole file; nothing either prints holds a raw control; a plan that loads holds no control in any of
/// its strings; and what the importer writes is YAML the loader reads, its remaining problems named by line.
///
/// WARROOM_SEED repeats a run; WARROOM_FUZZ_ITERATIONS runs longer. One target at a time: each keeps a core busy.
@Suite(.serialized) struct PlanFuzzTests {
    @Test(.timeLimit(.minutes(1))) func planYAML() async {
        await Fuzzer("plan-yaml", iterations: 1_000, dictionary: [
            "release:", "strategy: ", "stages:", "metrics:", "triggers:", "rollback:", "checklist:", "sources:", "logs:",
            "health_checks:", "decision_points:", "communication:", "risks:", "feature_flags:", "approvals:", "flag: ",
            "\n  - name: ", "\n    ", "name: ", "version: ", "traffic: ", "min_duration: ", "gate: [", "switch: true",
            "unit: \"%\"", "baseline: ", "success: \"< 1\"", "alert: \"> 2\"", "source: ", "series: ", "query: ", "log: ",
            "count: error", "ratio: /timeout/", "window: 1m", "stale_after: ", "prometheus: ", "command: ", "file: ",
            "format: csv", "interval: 10s", "url: http://", "steps: [", "owners: ", "primary: ", "stages: all",
            "pre_launch:", "launch_day:", "blocks_promotion: true", "due: T-2h", "at: T+15m", "start: 2026-12-03 15:00",
            "time_zone: Europe/Berlin", "${PROM_TOKEN}", " > 2% for 5m", " > 2x baseline for 15m", " < baseline - 10% within 1h",
            "avg(", ", 5m)", " fails 3 consecutive", "health.", "canary", "blue-green", "feature-flag", "big-bang",
            "&x ", "*x", "? ", "---\n", "...\n", "|\n  ", ">-\n  ", "!!str ", "~", "null", "yes", "\"\\e[2J\"", "\"\\x9b\"",
            "\"\\u202E\"", "\"\\L\"", "\u{2028}", "\u{85}", "\r", "\u{FEFF}", "\u{FFFF}", "\t",
            "notify:", "slack_webhook: ", "pagerduty_routing_key: ", "webhook: ", "secret: ", "events_url: https://", "events: [",
            "trigger_firing", "rollback", "${SLACK_WEBHOOK_URL}", "send_notifications: true", "updates_file: ",
            "cohorts: {canary: ", ", baseline: ", "judge: {", "direction: either", "tolerance: 10%", "critical: true",
            "test: counts", "weight: ", "group: ", "confidence: 98%", "pass: 95", "marginal: 75", "min_samples: ", "every: 1m",
            "slos:", "objective: 99.9%", "period: 28d", "good: ", "bad: ", "total: ", "budget_remaining: 80%", "openslo: ",
            "judge score < 75 for 5m", "judge fails 2 consecutive", "burn_rate(", ", 1h, 5m) > 14.4", "gate: [judge]",
        ]).run(Self.checkPlan)
    }

    @Test(.timeLimit(.minutes(1))) func markdownImport() async {
        await Fuzzer("markdown-import", iterations: 400, dictionary: [
            "\n# ", "\n## ", "\n### ", "\n- [ ] ", "\n- [x] ", "\n1. ", "\n- ", "**", ":** ", "**Release Owner:** ",
            "**Method**: ", "**On-call Engineer:** ", "**Release Date:** ", "\n| ", " | ", " |\n", "|---|---|", "`", "*e.g. ",
            "[value]", "___%", "YYYY-MM-DD", "T-2h", "T+15 minutes", "(owner: ", "(T-1d)", "(", ")", "Phase 1: ", "Stage 2",
            "5%", " for 30 minutes", " above ", " exceeds ", " below ", " drops by 10% within 1 hour",
            "health check fails 3 consecutive", "| Metric | Baseline | Success Threshold | Alert Threshold |",
            "| Phase | Primary | Backup |", "| Check | Type | Endpoint | Interval |", "| Flag | Default | Rollout |",
            "| Risk | Likelihood | Impact | Mitigation |", "Rollback Steps", "Rollback Triggers", "Success Metrics",
            "Pre-Launch", "Post-Launch", "Decision Points", "Communication", "Contingency", "Approval", "**Escalation:** ",
            "**Slack channel:** #", " → ", "–", "•", "2026-12-03 15:00 CET (Europe/Berlin)", " UTC", "v2.14.0", "Canary",
            "Blue-Green", "Feature Flag", "\u{2028}", "\u{85}", "\r\n", "> ", "\\", "&a ", "*a", ": ", " #",
            "Rollback Criteria", "Abort criteria", "When to roll back", "Go/No-Go", "Comms", "\n* [ ] ", "\n* [x] ",
            "12/min", " per second", " > 30/s", "/sec", " rps", " for ___ minutes", "[Duration/Percentage]", "Owner: ",
            "Updates every 20 minutes", "| a | b", "\n2) ",
        ]).run(Self.checkImport)
    }

    // MARK: Properties

    /// The bytes as a plan file: read, checked, and when it loads, summarised.
    @Sendable static func checkPlan(_ bytes: [UInt8]) throws {
        let file = "plan.yaml"
        switch SourceFile.decode(bytes, file: file) {
        case .failure(let error):
            try FuzzFinding.check(error.report.errors.allSatisfy { $0.line > 0 }, "a byte that is not UTF-8 has no place")
            try check(error.report, of: "the plan")
        case .success(let text):
            let (plan, report) = PlanLoader.check(text: text, file: file, environment: [:])
            try check(report, of: "the plan")
            guard let plan else { return }
            for string in strings(in: plan) {
                let scalars = Array(string.unicodeScalars)
                let unsafe = scalars.indices.contains { UnsafeCharacter(scalars[$0], followedBy: scalars[safe: $0 + 1]) != nil }
                try FuzzFinding.check(!unsafe, "a plan that loads holds \(string.debugDescription)")
            }
            let summary = PlanSummary.render(plan, file: file, warnings: report.warnings.count)
            try FuzzFinding.check(HostileText.rawControls(in: summary).isEmpty, "the summary holds a raw control")
        }
    }

    /// The bytes as a Markdown plan: imported, and what was written checked as `warroom import` checks it.
    @Sendable static func checkImport(_ bytes: [UInt8]) throws {
        let markdown = String(decoding: bytes, as: UTF8.self)
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        try FuzzFinding.check(HostileText.rawControls(in: result.yaml, allowing: ["\n"]).isEmpty, "the YAML holds a raw control")
        try FuzzFinding.check(HostileText.rawControls(in: result.report).isEmpty, "the report holds a raw control")
        let lines = markdown.utf8.count { $0 == UInt8(ascii: "\n") } + 1
        for note in result.unmapped + result.placeholders {
            try FuzzFinding.check((1...lines).contains(note.line) && note.column >= 1, "a note points outside the file: \(note)")
        }
        let report = PlanLoader.check(text: result.yaml, file: "plan.yaml", environment: [:]).report
        if let fault = report.errors.first(where: isImportersFault) {
            throw FuzzFinding("the YAML the importer wrote does not read: \(fault)")
        }
        try check(report, of: "the written YAML")
    }

    /// Every error has a place unless it is about the whole file, the errors kept stay within the limit, and the
    /// rendered report holds no raw control.
    static func check(_ report: DiagnosticReport, of what: String) throws {
        for error in report.errors where error.line == 0 {
            let whole = ["the file is empty", "the file is ", "the file holds more than"].contains { error.message.hasPrefix($0) }
            try FuzzFinding.check(whole, "\(what): an error without a place: \(error.message)")
        }
        try FuzzFinding.check(report.errors.count <= DiagnosticSink.limit && report.warnings.count <= DiagnosticSink.limit,
                              "\(what): more diagnostics kept than the limit")
        try FuzzFinding.check(HostileText.rawControls(in: report.description).isEmpty, "\(what): the report holds a raw control")
    }

    /// An error in YAML the importer wrote that is the importer's own doing, not something the Markdown lacks.
    static func isImportersFault(_ error: Diagnostic) -> Bool {
        let own = ["invalid YAML", "duplicate key", "cannot read", "aliases in this file", "control character",
                   "bidirectional control", "carriage return", "U+"]
        return own.contains { error.message.hasPrefix($0) }
    }

    /// Every string a value holds, however deep, found by reflection: a plan has no reference cycles, and the depth
    /// bound keeps it so.
    static func strings(in value: Any) -> [String] {
        var found: [String] = []
        func walk(_ value: Any, depth: Int) {
            if let text = value as? String {
                found.append(text)
                return
            }
            guard depth < 16 else { return }
            for child in Mirror(reflecting: value).children { walk(child.value, depth: depth + 1) }
        }
        walk(value, depth: 0)
        return found
    }
}
