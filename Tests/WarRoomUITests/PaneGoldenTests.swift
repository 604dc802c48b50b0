import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomUI

@Suite struct PaneGoldenTests {
    func render<P: Pane>(_ pane: P.Type, width: Int, height: Int, state: AppState, view: ViewState? = nil) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        P(state: state, view: view ?? ViewState(journalPath: "./warroom-checkout.sqlite")).render(into: &buffer, area: buffer.area)
        return buffer
    }

    @Test func header() throws {
        Golden.check(render(HeaderPane.self, width: 100, height: 2, state: try Scene.midRelease()), "header-100")
    }

    @Test func rollout() throws {
        Golden.check(render(RolloutPane.self, width: 80, height: 5, state: try Scene.midRelease()), "rollout-80")
    }

    @Test func metrics() throws {
        Golden.check(render(MetricsPane.self, width: 80, height: 9, state: try Scene.midRelease()), "metrics-80")
        Golden.check(render(MetricsPane.self, width: 100, height: 7, state: try Scene.midRelease()), "metrics-100-short")
    }

    /// After a restart the journal's firing shows until fresh data agrees or clears it; a past firing is counted.
    @Test func triggerHistoryFromTheJournal() throws {
        let entries: [JournalEntry] = [
            JournalEntry(seq: 1, time: Scene.t0, actor: "sam", session: "a", event: .releaseStarted(t0: Scene.t0)),
            JournalEntry(seq: 2, time: Scene.at(5), actor: "warroom", session: "a", event: .triggerFiring(trigger: "error_rate > 2% for 5m", value: 3)),
            JournalEntry(seq: 3, time: Scene.at(9), actor: "warroom", session: "a", event: .triggerResolved(trigger: "error_rate > 2% for 5m", value: 1)),
            JournalEntry(seq: 4, time: Scene.at(12), actor: "warroom", session: "a", event: .triggerFiring(trigger: "p99_latency > 400ms for 10m", value: 450)),
        ]
        var restarted = AppState(plan: try Scene.plan(), session: "b", now: Scene.at(14))
        restarted.resume(from: entries)
        // Ten rows: a title, four metrics (no data since the restart), the firing trigger, whom to escalate to, two more.
        let lines = render(MetricsPane.self, width: 100, height: 10, state: restarted).lines
        #expect(lines.contains { $0.contains("escalate: Sam Ortiz → Dana Kim → VP Engineering") })
        #expect(lines.contains { $0.contains("error_rate > 2% for 5m") && $0.contains("inactive  fired 1×, last T+5m00s") },
                "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("p99_latency > 400ms for 10m") && $0.contains("FIRING since T+12m00s") },
                "a restart shows the journaled firing as it is: \(lines.joined(separator: "\n"))")
    }

    @Test func checklist() throws {
        var view = ViewState(journalPath: "j")
        view.focus = .checklist
        view.cursor[.checklist] = 4
        Golden.check(render(ChecklistPane.self, width: 60, height: 10, state: try Scene.midRelease(), view: view), "checklist-60")
    }

    @Test func decisions() throws {
        Golden.check(render(DecisionsPane.self, width: 70, height: 5, state: try Scene.midRelease()), "decisions-70")
    }

    /// Long ids get a wide enough column, and the title agrees with the row about OVERDUE.
    @Test func decisionIdsNeverRunIntoTitles() throws {
        var plan = try Scene.plan()
        plan.decisionPoints = [DecisionPoint(id: "T+15m", offset: 900, title: "Initial health check"),
                               DecisionPoint(id: "T+2h30m", offset: 9000, title: "Half-way review")]
        var state = AppState(plan: plan, session: "t", now: Scene.t0)
        Scene.run(&state, [.intent(.start, actor: "sam"), .tick(Scene.at(60))])
        let lines = render(DecisionsPane.self, width: 70, height: 3, state: state).lines
        #expect(lines[0].contains("T+15m OVERDUE: press d"), "\(lines[0])")
        #expect(lines[1].contains("T+15m   Initial health check") && lines[1].contains("OVERDUE"))
        #expect(lines[2].contains("T+2h30m Half-way review"), "\(lines[2])")
    }

    @Test func logs() throws {
        Golden.check(render(LogsPane.self, width: 80, height: 5, state: try Scene.midRelease()), "logs-80")
    }

    @Test func statusBar() throws {
        Golden.check(render(StatusBar.self, width: 120, height: 1, state: try Scene.midRelease()), "status-120")
    }

    /// A rollback shows what to run, who owns it in this stage, whom to tell and what to do if it fails.
    @Test func rollbackDialog() throws {
        var buffer = Buffer(width: 80, height: 24)
        DialogView(state: try Scene.midRelease(), modal: .confirmRollback(controller: nil)).render(into: &buffer, area: buffer.area)
        Golden.check(buffer, "dialog-rollback-80")

        // On a short terminal the dialog scrolls, and the keys that answer it always show.
        var short = Buffer(width: 80, height: 12)
        DialogView(state: try Scene.midRelease(), modal: .confirmRollback(controller: nil)).render(into: &short, area: short.area)
        #expect(short.lines.contains { $0.contains("y record rollback") })
        #expect(short.lines.contains { $0.contains("└─ ↓ ") && $0.contains(" more ─") })
        #expect(short.lines.contains { $0.contains("1. Abort the rollout") })
    }

    /// `e` on the metrics pane explains the selected metric, in words, with the numbers behind its state.
    @Test func explainDialog() throws {
        let state = try Scene.midRelease()
        var view = ViewState(journalPath: "j")
        view.focus = .metrics
        _ = view.handle(.character("e"), state: state)
        #expect(view.modal == .explain(metric: "error_rate"))
        var buffer = Buffer(width: 100, height: 24)
        DialogView(state: state, modal: view.modal!).render(into: &buffer, area: buffer.area)
        Golden.check(buffer, "dialog-explain-100")
        _ = view.handle(.escape, state: state)
        #expect(view.modal == nil)
    }

    @Test func logLinesCannotInjectEscapes() throws {
        let buffer = render(LogsPane.self, width: 120, height: 5, state: try Scene.midRelease())
        let cells = buffer.cells.map(\.grapheme)
        #expect(!cells.contains { $0.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) } })
        #expect(buffer.lines.contains { $0.contains("evil ␛]52;c;ZWNobyBoaQ==␇ ␛[2J line") })
    }
}
