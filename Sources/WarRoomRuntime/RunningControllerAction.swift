import Dispatch
import Foundation
import Synchronization
import WarRoomCore
import WarRoomFeeds

/// An action on the rollout controller the evaluator runs for a person, in its own task so the screen stays live:
/// the server-side dry run first (where there is one), then, only if the dry run passed, the command itself.
struct RunningControllerAction {
    let request: ControllerRequest
    private let task: Task<Void, Never>
    private let finished = DispatchSemaphore(value: 0)

    init(_ request: ControllerRequest, post: @escaping @Sendable (Event) -> Void) {
        self.request = request
        let finished = self.finished
        task = Task.detached {
            let result = await Self.run(request)
            if !Task.isCancelled { post(.controllerActionFinished(result)) }
            finished.signal()
        }
    }

    private static func run(_ request: ControllerRequest) async -> ControllerActionResult {
        let action = request.action
        let timeout = Duration.seconds(AppState.controllerCommandTimeout)
        let pid = ProcessInfo.processInfo.processIdentifier
        var result = ControllerActionResult(request: request.seq, verb: action.verb)
        if let dryRun = action.dryRun {
            let outcome = await ShellCommand(dryRun, timeout: timeout, watchedBy: pid).run()
            result.dryRun = .init(exitStatus: outcome.exitStatus, output: outcome.journalText(limit: 16 * 1024))
            guard outcome.exitStatus == 0 else {
                result.notRun = "the server-side dry run did not pass"
                return result
            }
        }
        guard !Task.isCancelled else {
            result.notRun = "warroom quit before it ran"
            return result
        }
        let outcome = await ShellCommand(action.command, timeout: timeout, watchedBy: pid).run()
        result.run = .init(exitStatus: outcome.exitStatus, output: outcome.journalText(limit: 16 * 1024))
        return result
    }

    /// Cancels it (killing what runs) and waits a few seconds for that. True when its end was seen.
    func stop() -> Bool {
        task.cancel()
        return finished.wait(timeout: .now() + 3) == .success
    }
}
