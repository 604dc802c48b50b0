import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomUI

/// After a rollback is recorded, its steps' commands run from a dialog, each after its own confirmation.
struct RollbackStepsTests {
    /// Mid-release, rolled back at T+23m, step 1 run once at T+24m.
    static func rolledBack(stepOutput: String? = "rollout \"checkout\" aborted\nstable ReplicaSet 2.13.4 at 100%\n") throws -> AppState {
        var state = try Scene.midRelease()
        var events: [Event] = [.tick(Scene.at(23)), .intent(.rollback(reason: nil), actor: "sam")]
        if let stepOutput {
            let request = CommandRequest(step: 0, command: "kubectl argo rollouts abort checkout", actor: "sam")
            events += [.tick(Scene.at(24)), .commandFinished(CommandResult(request: request, exitStatus: 0, output: stepOutput))]
        }
        Scene.run(&state, events + [.tick(Scene.at(25))])
        return state
    }

    /// Rolled back, with step 1 started at T+25m by this war room or by dana's (session `other`); now T+25m30s.
    static func running(elsewhere: Bool = false) throws -> AppState {
        var state = try rolledBack(stepOutput: nil)
        let start = JournalEntry(time: Scene.at(25), actor: "dana", session: "other",
                                 event: .commandStarted(step: 0, command: "kubectl argo rollouts abort checkout"))
        Scene.run(&state, [elsewhere ? .recorded(start) : .intent(.runRollbackStep(0), actor: "sam"), .tick(Scene.at(25.5))])
        return state
    }

    /// Rolled back, step 1 run at T+24m, step 2 marked done by hand by dana at T+26m; now T+27m.
    static func marked() throws -> AppState {
        var state = try rolledBack()
        Scene.run(&state, [.tick(Scene.at(26)), .intent(.markRollbackStep(1, done: true), actor: "dana"), .tick(Scene.at(27))])
        return state
    }

    /// Space marks the selected step done at once; taking a mark back asks first, so a second press cannot.
    @Test func spaceMarksAStepDoneByHandAndUnmarkingIsConfirmed() throws {
        var view = ViewState(journalPath: "j")
        view.modal = .rollbackSteps(selected: 1)
        _ = view.handle(.character(" "), state: try Scene.midRelease())
        #expect(view.flash == "Record the rollback first (r), then work through its steps.", "refused before a rollback")

        view.modal = .rollbackSteps(selected: 1)
        #expect(view.handle(.character(" "), state: try Self.rolledBack()) == [.intent(.markRollbackStep(1, done: true))])
        #expect(view.modal == .rollbackSteps(selected: 1), "the dialog stays, to go on to the next step")

        let marked = try Self.marked()
        #expect(view.handle(.character(" "), state: marked).isEmpty)
        #expect(view.modal == .confirmUnmarkStep(1))
        _ = view.handle(.escape, state: marked)
        #expect(view.modal == .rollbackSteps(selected: 1) && view.flash == "Still marked done.")
        _ = view.handle(.character(" "), state: marked)
        #expect(view.handle(.character("y"), state: marked) == [.intent(.markRollbackStep(1, done: false))])
        #expect(view.modal == .rollbackSteps(selected: 1))

        var buffer = Buffer(width: 80, height: 24)
        DialogView(state: marked, modal: .confirmUnmarkStep(1)).render(into: &buffer, area: buffer.area)
        #expect(buffer.lines.contains { $0.contains("Unmark step 2? It will count as not done.") })
        #expect(buffer.lines.contains { $0.contains("Marked done by hand by dana at T+26m00s.") })
        #expect(buffer.lines.contains { $0.contains("y unmark    n / Esc back") })
    }

    @Test func aStepDoneByHandIsShownWithWhoAndWhen() throws {
        var buffer = Buffer(width: 80, height: 24)
        DialogView(state: try Self.marked(), modal: .rollbackSteps(selected: 1)).render(into: &buffer, area: buffer.area)
        Golden.check(buffer, "dialog-rollback-steps-marked-80")

        var pane = Buffer(width: 80, height: 3)
        RolloutPane(state: try Self.marked(), view: ViewState(journalPath: "j")).render(into: &pane, area: pane.area)
        #expect(pane.lines[2].contains("ROLLED BACK from Canary 25% by sam at T+23m00s · steps 2/3 done"), "\(pane.lines)")
    }

    @Test func confirmingTheRollbackGoesOnToItsStepsAndEachRunIsConfirmed() throws {
        let before = try Scene.midRelease()
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("r"), state: before)
        #expect(view.modal == .confirmRollback(controller: nil))
        #expect(view.handle(.character("y"), state: before) == [.intent(.rollback(reason: nil))])
        #expect(view.modal == .rollbackSteps(selected: 0), "straight on to the steps")

        let after = try Self.rolledBack(stepOutput: nil)
        #expect(view.handle(.character("x"), state: after).isEmpty)
        #expect(view.modal == .confirmRunStep(0))
        #expect(view.handle(.escape, state: after).isEmpty, "Esc goes back without running")
        #expect(view.modal == .rollbackSteps(selected: 0))
        _ = view.handle(.character("x"), state: after)
        #expect(view.handle(.character("y"), state: after) == [.intent(.runRollbackStep(0))])
        #expect(view.modal == .rollbackSteps(selected: 0), "back to the steps, to watch it run")

        _ = view.handle(.character("x"), state: try Self.running())
        #expect(view.modal == .rollbackSteps(selected: 0) && view.flash == "Step 1 is still running here (started 30s ago).")
        _ = view.handle(.character("x"), state: try Self.running(elsewhere: true))
        #expect(view.modal == .rollbackSteps(selected: 0)
                && view.flash == "Step 1 is still running in dana's war room (started 30s ago).")
        _ = view.handle(.character("j"), state: after)
        _ = view.handle(.character("x"), state: after)
        #expect(view.modal == .rollbackSteps(selected: 1) && view.flash == "Step 2 has no command: it is done by hand.")
        _ = view.handle(.character("j"), state: after)
        _ = view.handle(.character("j"), state: after)
        #expect(view.modal == .rollbackSteps(selected: 2), "the cursor stops at the last step")
        _ = view.handle(.escape, state: after)
        #expect(view.modal == nil)
        _ = view.handle(.character("r"), state: after)
        #expect(view.modal == .rollbackSteps(selected: 0), "once rolled back, r opens the steps again")
    }

    @Test func stepsDialog() throws {
        var buffer = Buffer(width: 80, height: 24)
        DialogView(state: try Self.rolledBack(), modal: .rollbackSteps(selected: 0)).render(into: &buffer, area: buffer.area)
        Golden.check(buffer, "dialog-rollback-steps-80")

        var running = Buffer(width: 80, height: 24)
        DialogView(state: try Self.running(), modal: .rollbackSteps(selected: 0)).render(into: &running, area: running.area)
        #expect(running.lines.contains { $0.contains("running… 30s") })
        var elsewhere = Buffer(width: 80, height: 24)
        DialogView(state: try Self.running(elsewhere: true), modal: .rollbackSteps(selected: 0))
            .render(into: &elsewhere, area: elsewhere.area)
        #expect(elsewhere.lines.contains { $0.contains("running in dana's war room… 30s") })

        var quit = Buffer(width: 80, height: 24)
        DialogView(state: try Self.running(), modal: .confirmQuit, runningHere: [0]).render(into: &quit, area: quit.area)
        #expect(quit.lines.contains { $0.contains("Rollback step 1 is still running:") })
        #expect(quit.lines.contains { $0.contains("y quit and kill it") })
        var quitElsewhere = Buffer(width: 80, height: 24)
        DialogView(state: try Self.running(elsewhere: true), modal: .confirmQuit).render(into: &quitElsewhere, area: quitElsewhere.area)
        #expect(!quitElsewhere.lines.contains { $0.contains("still running") }, "quitting kills only what this process runs")
    }

    /// The command is shown exactly as it will run, and a second run says it is one.
    @Test func theConfirmationShowsTheCommandAsWrittenAndAnEarlierRun() throws {
        var first = Buffer(width: 80, height: 24)
        DialogView(state: try Self.rolledBack(), modal: .confirmRunStep(0)).render(into: &first, area: first.area)
        #expect(first.lines.contains { $0.contains("Already run by sam at T+24m00s (exit 0):") })
        #expect(first.lines.contains { $0.contains("this runs it again.") })
        #expect(Text.chunk("$ printf '%s' \"a    b\"", 10) == ["$ printf '", "%s' \"a    ", "b\""])
    }

    @Test func quittingWithUnrecordedActionsAndARunningStepSaysBoth() throws {
        var quit = Buffer(width: 80, height: 24)
        DialogView(state: try Self.running(), modal: .confirmQuit, unrecorded: 2, runningHere: [0])
            .render(into: &quit, area: quit.area)
        #expect(quit.lines.contains { $0.contains("2 actions are NOT in the journal yet:") })
        #expect(quit.lines.contains { $0.contains("Rollback step 1 is still running:") })
        #expect(quit.lines.contains { $0.contains("y quit and kill it") })
    }

    /// A hostile command output is shown inert, like a log line.
    @Test func outputIsSanitised() throws {
        var buffer = Buffer(width: 80, height: 24)
        DialogView(state: try Self.rolledBack(stepOutput: "ok \u{1B}[2J\u{1B}]52;c;eA==\u{07}\n"), modal: .rollbackSteps(selected: 0))
            .render(into: &buffer, area: buffer.area)
        #expect(buffer.lines.contains { $0.contains("ok ␛[2J␛]52;c;eA==␇") })
        #expect(!buffer.lines.joined().contains("\u{1B}"))
    }
}
