import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
@testable import WarRoomUI

/// The rollout controller on screen beside the plan: its state, where the two disagree, an action and what came of
/// it, a controller that cannot be read, and the confirmations that show the exact command (or that nothing runs).
@Suite struct ControllerScreenTests {
    static let checkout = KubernetesObject(name: "checkout", namespace: "shop", context: "prod-eu")

    static func plan(readOnly: Bool = false) throws -> Plan {
        var plan = try Scene.plan()
        plan.rollout = RolloutSpec(controller: .argo(checkout), readOnly: readOnly, poll: 5)
        return plan
    }

    static let paused = ControllerStatus(
        kind: .argoRollout, name: "checkout", namespace: "shop", phase: .paused, rawPhase: "Paused", message: "CanaryPauseStep",
        step: .init(index: 3, count: 6), weight: .init(set: 40, actual: 40), pause: .init(reason: "CanaryPauseStep"),
        analysis: .init(name: "checkout-7c9f6d4bb8-5-3", phase: .running, metrics: [
            .init(name: "success-rate", phase: .running, latest: .init(phase: .successful, value: "[0.9958]")),
            .init(name: "p99", phase: .failed, latest: .init(phase: .failed, value: "[612]")),
        ]),
        replicas: .init(desired: 4, updated: 2, ready: 6, available: 6), stableHash: "6b4d7c9f55", canaryHash: "7c9f6d4bb8")

    /// T+22m at Canary 25% while the controller reads 40%; `extra` entries follow, written by the evaluator `test`.
    static func state(readOnly: Bool = false, _ extra: [JournalEvent] = [.controllerRead(.status(paused))],
                      actor: String = "warroom") throws -> AppState {
        var state = try Scene.midRelease(with: try plan(readOnly: readOnly))
        var seq = state.journalSeq
        let entries = ([.evaluatorChanged(host: nil, previous: nil, reason: "first war room")] + extra).map { event in
            seq += 1
            return JournalEntry(seq: seq, time: state.now, actor: actor, session: "test", event: event)
        }
        for entry in entries { _ = state.apply(.recorded(entry)) }
        return state
    }

    func screen(_ state: AppState, _ view: ViewState, width: Int, height: Int) throws -> Buffer {
        try ScreenGoldenTests().screen(width: width, height: height, state: state, view: view)
    }

    @Test func theControllerBesideThePlanAndWhereTheyDisagree() throws {
        let state = try Self.state()
        #expect(state.controllerDisagreement == "plan: Canary 25% · controller: paused · step 3/6 · weight 40%")
        let view = ViewState(journalPath: "warroom.sqlite")
        Golden.check(try screen(state, view, width: 80, height: 24), "screen-80x24-controller")
        Golden.check(try screen(state, view, width: 160, height: 48), "screen-160x48-controller")
    }

    @Test func anAbortAndTheChangeObservedAfterIt() throws {
        let abort = ControllerAction(verb: .abort, command: "kubectl abort", before: Self.paused)
        var aborted = Self.paused
        aborted.phase = .aborted
        aborted.rawPhase = "Degraded"
        aborted.pause = nil
        aborted.analysis = nil
        var state = try Self.state([.controllerRead(.status(Self.paused))])
        var seq = state.journalSeq
        let later = state.now
        func entry(_ event: JournalEvent, _ seconds: TimeInterval, _ actor: String = "warroom") -> JournalEntry {
            seq += 1
            return JournalEntry(seq: seq, time: later.addingTimeInterval(seconds), actor: actor, session: "test", event: event)
        }
        let requested = seq + 1
        for item in [entry(.controllerActionRequested(abort), 0, "dana"), entry(.rolledBack(fromStage: 1, reason: nil), 0, "dana"),
                     entry(.controllerActionRun(ControllerActionResult(request: requested, verb: .abort,
                                                                       dryRun: .init(exitStatus: 0, output: ""),
                                                                       run: .init(exitStatus: 0, output: "patched"))), 1),
                     entry(.controllerRead(.status(aborted)), 6),
                     entry(.controllerChangeObserved(request: requested, change: "aborted · weight 0%"), 6)] {
            _ = state.apply(.recorded(item))
        }
        _ = state.apply(.tick(later.addingTimeInterval(8)))
        #expect(state.controllerDisagreement == nil)
        Golden.check(try screen(state, ViewState(journalPath: "warroom.sqlite"), width: 160, height: 48), "screen-160x48-controller-aborted")
    }

    @Test func aControllerThatCannotBeReadSaysWhy() throws {
        let state = try Self.state([.controllerRead(.status(Self.paused)), .controllerRead(.unreadable(
            reason: "kubectl may not read it: User \"sam\" cannot get resource \"rollouts\" — its account needs get on that resource in that namespace"))])
        Golden.check(try screen(state, ViewState(journalPath: "warroom.sqlite"), width: 80, height: 24), "screen-80x24-controller-unreadable")
    }

    @Test func promotingShowsTheExactCommandsOrThatNothingRuns() throws {
        let state = try Self.state()
        var view = ViewState(journalPath: "warroom.sqlite")
        _ = view.handle(.character("p"), state: state)
        Golden.check(try screen(state, view, width: 160, height: 48), "screen-160x48-controller-promote")

        var readOnly = ViewState(journalPath: "warroom.sqlite")
        readOnly.readOnly = true
        _ = readOnly.handle(.character("r"), state: state)
        Golden.check(try screen(state, readOnly, width: 160, height: 48), "screen-160x48-controller-rollback-readonly")
    }

    @Test func aConfirmedPromoteAsksTheControllerTooUnlessReadOnly() throws {
        let state = try Self.state()
        guard case .run(let action)? = state.controllerDrive(.promote) else { Issue.record("no promote"); return }
        var view = ViewState(journalPath: "warroom.sqlite")
        _ = view.handle(.character("r"), state: state)
        #expect(view.handle(.character("y"), state: state)
                == [.intent(.rollback(reason: nil)), .intent(.driveController(ControllerAction(
                    verb: .abort, command: "kubectl --context prod-eu -n shop patch rollouts.argoproj.io checkout --subresource=status --type=merge -p '{\"status\":{\"abort\":true}}'",
                    dryRun: "kubectl --context prod-eu -n shop patch rollouts.argoproj.io checkout --subresource=status --type=merge -p '{\"status\":{\"abort\":true}}' --dry-run=server",
                    before: Self.paused)))])
        #expect(action.command.hasSuffix(#"'{"status":{"pauseConditions":null}}'"#))

        var readOnly = ViewState(journalPath: "warroom.sqlite")
        readOnly.readOnly = true
        _ = readOnly.handle(.character("r"), state: state)
        #expect(readOnly.handle(.character("y"), state: state) == [.intent(.rollback(reason: nil))], "read-only: the decision only")
    }
}
