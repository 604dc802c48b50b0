import Dispatch
import WarRoomCore
import WarRoomFeeds

/// A command the runtime runs for a person (a rollback step's), in its own task so the screen stays live.
struct RunningCommand {
    let request: CommandRequest
    private let task: Task<Void, Never>
    /// Signalled once the command has ended and its process group is gone.
    private let finished = DispatchSemaphore(value: 0)

    /// Starts it; `post` gets its end as ``Event/commandFinished(_:)``, unless it is stopped first.
    init(_ request: CommandRequest, post: @escaping @Sendable (Event) -> Void) {
        self.request = request
        let finished = self.finished
        task = Task.detached {
            let outcome = await ShellCommand(request.command, timeout: .seconds(AppState.rollbackCommandTimeout)).run()
            if !Task.isCancelled { post(.commandFinished(CommandResult(request: request, outcome: outcome))) }
            finished.signal()
        }
    }

    /// Cancels it, which kills its process group, and waits (a few seconds at most) for that, so warroom does not
    /// exit leaving it running.
    func stop() {
        task.cancel()
        _ = finished.wait(timeout: .now() + 3)
    }
}
