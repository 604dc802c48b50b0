import Foundation
import Testing
import WarRoomCore
@testable import WarRoomJournal

/// The post-mortem's stages, triggers, metrics per stage and commands, as a person reads them.
@Suite struct MarkdownExportSectionsTests {
    let markdown = MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)

    func section(_ title: String) -> String {
        guard let start = markdown.range(of: "\n## \(title)\n") else { return "" }
        let rest = markdown[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    @Test func sectionsFollowThePostMortemOrder() {
        let order = ["Summary", "Timeline", "Stages", "Metrics per stage", "Triggers", "Decisions", "Checklist",
                     "Commands run", "Communication", "Notes", "Rollback steps (from the plan)"]
        let positions = order.map { markdown.range(of: "\n## \($0)\n")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test func stagesSayWhenWhoHowLongAndHowTheyEnded() {
        let stages = section("Stages")
        #expect(stages.contains("| 1. Canary 5% | 5% | T+0s (10:00:00 UTC) by dana | 16m00s | 15m | promoted by dana at T+16m00s (10:16:00 UTC) |"))
        #expect(stages.contains("| 2. Canary 25% | 25% | T+16m00s (10:16:00 UTC) by dana | 15m40s | 30m | **rolled back** by dana at T+31m40s (10:31:40 UTC): error rate above 2% |"))
        #expect(stages.contains("| 3. Full | 100% | not reached | — | — | — |"))
    }

    @Test func aStageStillCurrentAndOneCutShortAreNamed() {
        var entries = Array(Fixtures.session.prefix(6))
        entries.append(JournalEntry(seq: 7, time: Fixtures.at(300), actor: "sam", session: "s-1",
                                    event: .stagePromoted(from: 0, to: 1, stage: "Canary 25%",
                                                          override: PromotionOverride(reason: "exec | asked", gate: "WAIT", gateReasons: ["min 15m"]))))
        entries.append(JournalEntry(seq: 8, time: Fixtures.at(600), actor: "sam", session: "s-1", event: .note(text: "ok")))
        let text = MarkdownExport.render(plan: Fixtures.plan, entries: entries)
        #expect(text.contains("| 5m00s (**short of the minimum**) | 15m |"))
        #expect(text.contains("still current at the end (T+10m00s)"))
        #expect(text.contains("- Canary 25%: promoted by sam past gate **WAIT** (min 15m); reason given: exec | asked"), "a pipe outside a table stays as it is")
    }

    @Test func triggersShowPendingFiringResolvedAndAcknowledgement() {
        let triggers = section("Triggers")
        #expect(triggers.contains(
            "| error_rate > 2% for 5m | T+25m00s (10:25:00 UTC), 2.4% | T+30m00s (10:30:00 UTC), 3.1% | T+35m00s (10:35:00 UTC), 0.5% | 5m00s | sam at T+30m30s (10:30:30 UTC) |"))
        #expect(markdown.contains("- **Triggers**: 1 fired (at least one firing for 5m00s)"))
    }

    @Test func quietTriggersAreListed() {
        var plan = Fixtures.plan
        plan.triggers.append(try! TriggerRule(parsing: "p99_latency > 500ms for 2m"))
        let text = MarkdownExport.render(plan: plan, entries: Fixtures.session)
        #expect(text.contains("Never pending or firing: p99_latency > 500ms for 2m."))
    }

    @Test func metricsPerStageAreMarkedAgainstThresholds() {
        let metrics = section("Metrics per stage")
        #expect(metrics.contains("### error_rate\n\nSuccess < 1%, alert > 2%, baseline 0.4%."))
        #expect(metrics.contains("| Period | Windows | Min | Max | Average | p99 [^p99] |"))
        #expect(metrics.contains("| Canary 25% (T+16m00s to T+31m40s) | 94 |"))
        let wide = metrics.split(separator: "\n").first { $0.hasPrefix("| Canary 25%") } ?? ""
        #expect(wide.contains("**BREACH**"))
        let latency = metrics.split(separator: "\n").filter { $0.hasPrefix("| Canary 25%") }.last ?? ""
        #expect(latency.contains("**WARN**") && !latency.contains("BREACH"))
        #expect(metrics.contains("[^p99]: p99 is the 99th percentile (nearest rank) of the 10-second windows' means"))
    }

    @Test func periodsWithoutSamplesSayNoSamples() {
        let text = MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.session)
        #expect(text.contains("| Canary 5% (T+0s to T+16m00s) | no samples | — | — | — | — |"))
        #expect(text.contains("The journal holds no metric samples"))
    }

    @Test func commandOutputIsFencedSoNothingEscapesIt() {
        let commands = section("Commands run")
        #expect(commands.contains("- T+32m00s (10:32:00 UTC), sam: kubectl rollout undo deploy/checkout — exit 0"))
        #expect(commands.contains("  ````text\n  deployment.apps/checkout rolled back\n  waiting: 3 of 4 pods `ready`\n  ```\n  done\n  ````"),
                "the fence is longer than any backtick run in the output")
    }

    @Test func failedAndUnfinishedCommandsStandOut() {
        var entries = Fixtures.session
        entries.append(JournalEntry(seq: 18, time: Fixtures.at(2000), actor: "sam", session: "s-1",
                                    event: .commandRun(command: "curl -sf https://x", exitStatus: 7, output: "\u{1B}[31mfail\u{1B}[0m")))
        entries.append(JournalEntry(seq: 19, time: Fixtures.at(2010), actor: "sam", session: "s-1",
                                    event: .commandRun(command: "sleep 999", exitStatus: nil, output: "")))
        let text = MarkdownExport.render(plan: Fixtures.plan, entries: entries)
        #expect(text.contains("curl -sf https://x — **exit 7**"))
        #expect(text.contains("  ␛[31mfail␛[0m"))
        #expect(text.contains("sleep 999 — **did not finish**"))
        #expect(text.contains("  (no output)"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
    }

    /// A start whose war room died before the end: the post-mortem must not pass over it, nor list a lost race.
    @Test func aStartedCommandWithNoResultIsSaid() {
        var entries = Fixtures.session
        let undo = "kubectl rollout undo deploy/checkout"
        entries.append(JournalEntry(seq: 18, time: Fixtures.at(2000), actor: "sam", session: "s-1",
                                    event: .commandStarted(step: 0, command: undo)))
        entries.append(JournalEntry(seq: 19, time: Fixtures.at(2001), actor: "dana", session: "s-2",
                                    event: .commandStarted(step: 0, command: undo)))
        let text = MarkdownExport.render(plan: Fixtures.plan, entries: entries)
        #expect(text.contains("## Commands run\n\n- T+33m20s (10:33:20 UTC), sam: kubectl rollout undo deploy/checkout — "
                              + "**started (step 1), no result in the journal**: its war room stopped while it ran"))
        #expect(!text.contains("dana: kubectl rollout undo"), "the start that lost the race ran nothing")
        #expect(text.contains("started rollback step 1: kubectl rollout undo deploy/checkout"), "both starts are in the timeline")
        let html = HTMLExport.render(plan: Fixtures.plan, entries: entries)
        #expect(html.contains("NO RESULT"))
    }

    @Test func sameJournalSameBytes() {
        #expect(markdown == MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples))
    }
}
