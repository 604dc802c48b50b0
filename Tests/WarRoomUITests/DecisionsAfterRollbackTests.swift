import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomUI

/// A rolled-back release's decision points stop nagging on screen, while `d` still records one.
@Suite struct DecisionsAfterRollbackTests {
    func render<P: Pane>(_ pane: P.Type, width: Int, height: Int, state: AppState) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        P(state: state, view: ViewState(journalPath: "./warroom-checkout.sqlite")).render(into: &buffer, area: buffer.area)
        return buffer
    }

    /// At T+1h15m, T+1h is overdue; then sam rolls back.
    static func overdue(rolledBack: Bool) throws -> AppState {
        var state = try Scene.midRelease()
        Scene.run(&state, [.tick(Scene.at(75))] + (rolledBack ? [.intent(.rollback(reason: "error rate"), actor: "sam")] : []))
        return state
    }

    @Test func theDecisionsPaneAndTheStatusBarStopNagging() throws {
        let before = try Self.overdue(rolledBack: false)
        #expect(render(DecisionsPane.self, width: 70, height: 5, state: before).lines.joined().contains("T+1h OVERDUE: press d"))
        #expect(render(StatusBar.self, width: 120, height: 1, state: before).lines[0].contains("d:DECIDE"))

        let after = try Self.overdue(rolledBack: true)
        let pane = render(DecisionsPane.self, width: 70, height: 5, state: after)
        Golden.check(pane, "decisions-70-rolled-back")
        #expect(!pane.lines.joined().contains("DUE") && !pane.lines.joined().contains("press d"))
        #expect(!render(StatusBar.self, width: 120, height: 1, state: after).lines[0].contains("d:DECIDE"))
        #expect(render(HeaderPane.self, width: 100, height: 2, state: after).lines[0].contains("ROLLED BACK"))
    }

    @Test func dStillRecordsTheEarliestDuePoint() throws {
        let state = try Self.overdue(rolledBack: true)
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("d"), state: state)
        #expect(view.modal == .decision(point: "T+1h", verdict: nil, note: ""))
    }
}
