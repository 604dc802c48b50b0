import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomPlan

/// Inputs that made the importer quadratic or worse: a long run of one character in a line (each pattern searched
/// again from every position), a range of stages as long as the Markdown likes, a file far over any plan's size.
/// Each takes well under the time a quadratic reading of it would (minutes, before).
@Suite("Import scaling", .timeLimit(.minutes(1)))
struct ImportScalingTests {
    static func seconds(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// 100,000 of one character where each reading meets it: a checklist item, a table cell, a trigger, a heading,
    /// a date line, a contact, a strategy line.
    @Test(arguments: [" ", "*", "[", "1", "_", "(", "|", "#", "a", "T", "e.g", "**", "- [ ] ", "5%", "1.", "Phase 1 "])
    func aLongRunOfOneThingIsLinear(_ run: String) {
        let long = String(repeating: run, count: 100_000 / run.count)
        let markdown = """
            # Release Plan: x\(long) 1.0
            **Release Date:** 2026-12-03 15:00 \(long)
            **On-call Engineer:** Sam \(long)
            **Method**: Canary \(long)
            ## Rollout Stages \(long)
            1. **Stage 1:** Canary - 5% for \(long)
            ## Success Metrics
            | Metric | Baseline | Success Threshold | Alert Threshold |
            |---|---|---|---|
            | Error Rate | 0.1% \(long) | < 0.5\(long) | > 1% |
            ## Rollback Triggers
            - Error rate above 1\(long)% for 5 minutes
            ## Rollback Owners
            | Phase | Primary | Backup |
            |---|---|---|
            | Phase 1\(long) | Sam | Dana |
            ## Pre-Launch
            - [ ] Support\(long)briefed (T-2h)
            - [ ] \(long)(owner: Dana)
            """
        var result: ImportResult?
        let elapsed = Self.seconds { result = MarkdownImporter.convert(markdown: markdown, file: "plan.md") }
        #expect(elapsed < 15, "\(run.debugDescription): \(elapsed) s")
        #expect(result?.yaml.isEmpty == false)
    }

    /// A header of 20,000 columns over 20,000 one-cell rows: the columns nothing reads are found in one pass over
    /// the cells, not by asking every row about every column.
    @Test func aWideHeaderOverManyShortRowsIsLinear() {
        let header = "| Metric | Baseline | Success | Alert |" + String(repeating: " x |", count: 20_000)
        let rows = String(repeating: "| a |\n", count: 20_000)
        let markdown = "# Release Plan: x 1.0\n## Success Metrics\n\(header)\n|---|---|\n\(rows)"
        var result: ImportResult?
        let elapsed = Self.seconds { result = MarkdownImporter.convert(markdown: markdown, file: "plan.md") }
        #expect(elapsed < 5, "\(elapsed) s")
        #expect(result?.yaml.isEmpty == false)
    }

    /// "Phase 1–999999999" used to count through the range.
    @Test func aHugeRangeOfStagesIsNotCounted() {
        let markdown = ImportReadingTests.plan(extra: """
            ## Rollback Owners
            | Phase | Primary | Backup |
            |---|---|---|
            | Phase 1–999999999 | Sam | Dana |
            """)
        var result: ImportResult?
        let elapsed = Self.seconds { result = MarkdownImporter.convert(markdown: markdown, file: "plan.md") }
        #expect(elapsed < 5)
        #expect(result?.yaml.contains("primary: Sam") == true)
    }

    /// Metrics, stages and health checks past the limit are left out, and the report says so.
    @Test func pastTwoHundredMetricsTheRestAreLeftOut() {
        let rows = (1...1_000).map { "| Metric \($0) | 1 | < 2 | > 3 |" }.joined(separator: "\n")
        let triggers = (1...1_000).map { "- Metric \($0) above 3 for 5 minutes" }.joined(separator: "\n")
        let markdown = ImportReadingTests.plan(extra: """
            ## More Metrics
            | Metric | Baseline | Success Threshold | Alert Threshold |
            |---|---|---|---|
            \(rows)
            ## Rollback Triggers
            \(triggers)
            """)
        var result: ImportResult?
        let elapsed = Self.seconds { result = MarkdownImporter.convert(markdown: markdown, file: "plan.md") }
        #expect(elapsed < 15)
        #expect(result?.unmapped.contains { $0.message == "more than 200 metrics; the rest, from here on, are not imported" } == true)
        #expect(result?.yaml.contains("- name: metric_199\n") == true)
        #expect(result?.yaml.contains("- name: metric_200\n") == false)
    }

    @Test func aFileOverTheLimitIsNotImported() throws {
        let markdown = String(repeating: "- [ ] an item\n", count: SizeLimit.markdown.bytes / 14 + 1)
        let result = MarkdownImporter.convert(markdown: markdown, file: "plan.md")
        #expect(result.yaml == "# Not imported: the file is 1.0 MiB; a Markdown plan may be at most 1 MiB\n")
        #expect(result.unmapped.map(\.description) == ["plan.md:1:1: the file is 1.0 MiB; a Markdown plan may be at most 1 MiB; not imported"])
        let directory = TemporaryDirectory("import")
        let path = directory.file("plan.md")
        try markdown.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(throws: PlanLoadError.self) { try MarkdownImporter.convert(path: path) }
    }
}
