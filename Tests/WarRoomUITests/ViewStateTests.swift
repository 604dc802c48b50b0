import Foundation
import Testing
@testable import WarRoomCore
import WarRoomUI

/// Keys in, commands out: the dialogs a tired person goes through, and what they refuse.
struct ViewStateTests {
    private func started() throws -> AppState {
        var state = AppState(plan: try Scene.plan(), session: "test", now: Scene.t0)
        Scene.run(&state, [.intent(.start, actor: "sam"), .tick(Scene.at(1))])
        return state
    }

    private func type(_ text: String, into view: inout ViewState, state: AppState) -> [Command] {
        text.flatMap { view.handle(.character($0), state: state) }
    }

    @Test func promotingPastABlockedGateAsksForAReason() throws {
        let state = try started()
        #expect(state.gate().verdict != .ready)
        var view = ViewState(journalPath: "j")
        #expect(view.handle(.character("p"), state: state).isEmpty)
        #expect(view.modal == .confirmPromote(controller: nil))
        #expect(view.handle(.character("y"), state: state).isEmpty, "y alone must not promote past the gate")
        #expect(view.modal == .promoteOverride(reason: "", controller: nil))
        #expect(view.handle(.enter, state: state).isEmpty, "an empty reason is refused")
        #expect(view.flash?.contains("reason") == true)
        #expect(type("PM sign-off", into: &view, state: state).isEmpty)
        #expect(view.handle(.enter, state: state) == [.intent(.promote(override: "PM sign-off"))])
        #expect(view.modal == nil)
    }

    @Test func escapeCancelsWithoutAnyCommand() throws {
        let state = try started()
        var view = ViewState(journalPath: "j")
        for opener in ["p", "r", "q", "n"] {
            _ = view.handle(.character(Character(opener)), state: state)
            #expect(view.modal != nil, "\(opener) opens a dialog")
            #expect(view.handle(.escape, state: state).isEmpty)
            #expect(view.modal == nil, "Esc closes the \(opener) dialog")
        }
    }

    @Test func quitAndRollbackNeedAnExplicitYes() throws {
        let state = try started()
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("r"), state: state)
        #expect(view.handle(.character("x"), state: state).isEmpty)
        #expect(view.modal == .confirmRollback(controller: nil), "an unrelated key neither confirms nor cancels")
        #expect(view.handle(.character("y"), state: state) == [.intent(.rollback(reason: nil))])
        #expect(view.modal == .rollbackSteps(selected: 0), "then the steps, to run their commands")
        _ = view.handle(.escape, state: state)
        _ = view.handle(.character("q"), state: state)
        #expect(view.handle(.enter, state: state).isEmpty)
        #expect(view.handle(.character("y"), state: state) == [.quit])
    }

    @Test func decisionBeforeItIsDueSaysWhen() throws {
        let state = try started()
        var view = ViewState(journalPath: "j")
        #expect(view.handle(.character("d"), state: state).isEmpty)
        #expect(view.modal == nil)
        #expect(view.flash == "No decision point is due; next is T+15m in 14m00s.")
    }

    @Test func spaceTicksTheSelectedChecklistItem() throws {
        let state = try started()
        var view = ViewState(journalPath: "j")
        _ = view.handle(.down, state: state)
        #expect(view.handle(.character(" "), state: state) == [.intent(.toggleChecklist(item: "pre_launch.2"))])
    }

    @Test func anEscapeInsidePastedTextNeverLetsTheRestRunAsCommands() throws {
        let state = try started()
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("n"), state: state)
        _ = type("smoke ok ", into: &view, state: state)
        #expect(view.handle(.escape, state: state).isEmpty)
        #expect(view.modal == .note(text: ""), "Esc clears the field first")
        #expect(type("]52;c;x q y ", into: &view, state: state).isEmpty, "the rest of the paste stays text")
        #expect(view.modal == .note(text: "]52;c;x q y "))
        _ = view.handle(.escape, state: state)
        _ = view.handle(.escape, state: state)
        #expect(view.modal == nil, "Esc on an empty field cancels")
    }

    @Test func aRollbackVerdictGoesOnToTheRollbackConfirmation() throws {
        var state = try started()
        Scene.run(&state, [.tick(Scene.at(16))])
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("d"), state: state)
        _ = view.handle(.character("r"), state: state)
        #expect(view.handle(.enter, state: state) == [.intent(.decide(point: "T+15m", verdict: .rollback, note: nil))])
        #expect(view.modal == .confirmRollback(controller: nil), "the decision is recorded; the rollback itself still needs its y")
    }
}
