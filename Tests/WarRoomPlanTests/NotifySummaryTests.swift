import Testing
import WarRoomCore
@testable import WarRoomPlan

/// What `warroom validate` says of a plan's notifications: each target with its service, the events it hears when they
/// are not the defaults, and whether `run` sends them.
@Suite("Notify in the plan summary")
struct NotifySummaryTests {
    static func summary(_ section: String) throws -> [String] {
        let plan = try #require(NotifyPlanTests.check(section, environment: ["A": "a", "B": "b", "C": "c", "D": "d"]).plan)
        return PlanSummary.render(plan, file: "plan.yaml", warnings: 0).split(separator: "\n").map(String.init)
    }

    /// The rows from `label` to the next one.
    static func row(_ label: String, in lines: [String]) -> [String] {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  " + label + " ") }) else { return [] }
        return [lines[start]] + lines[(start + 1)...].prefix { $0.hasPrefix("             ") }
    }

    @Test func sentByRunWithTheUpdatesFile() throws {
        let lines = try Self.summary("""
            communication: {send_notifications: true, updates_file: updates.md, cadence: 30m}
            notify:
              - {name: releases, slack_webhook: "${A}"}
              - {name: pager, pagerduty_routing_key: "${B}", events: [trigger_firing, trigger_resolved, rollback]}
              - {name: hooks, webhook: "https://hooks.example.com/warroom", secret: "${C}", events: [stage_promoted, update_posted]}
              - {name: eu-pager, pagerduty_routing_key: "${D}", events_url: "https://events.eu.pagerduty.com"}
            """)
        #expect(Self.row("comms", in: lines) == ["  comms      updates every 30m; updates file updates.md"])
        #expect(Self.row("notify", in: lines) == [
            "  notify     sent by run; releases (Slack), pager (PagerDuty: trigger firing,",
            "             trigger resolved, rollback), hooks (webhook: stage promoted,",
            "             update posted), eu-pager (PagerDuty)",
        ])
    }

    /// Sending is said first, so a long list cut at the end never hides it; `send_notifications` alone makes no comms row.
    @Test func shownOnlyUntilRunIsToldToSend() throws {
        let lines = try Self.summary("""
            notify:
              - {name: releases, slack_webhook: "${A}", events: [release_started, release_done]}
            """)
        #expect(Self.row("comms", in: lines) == [])
        #expect(Self.row("notify", in: lines) == [
            "  notify     shown only until run --notify or send_notifications: true;",
            "             releases (Slack: release started, release done)",
        ])
        let sending = try Self.summary("communication: {send_notifications: true}\nnotify:\n  - {name: r, webhook: \"${A}\"}")
        #expect(Self.row("comms", in: sending) == [])
        #expect(Self.row("notify", in: sending) == ["  notify     sent by run; r (webhook)"])
    }
}
