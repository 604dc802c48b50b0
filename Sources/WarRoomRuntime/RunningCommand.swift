import Dispatch
import Foundation
import Synchronization
import WarRoomCore
import WarRoomFeeds

/// A command the runtime runs for a person (a rollback step's), in its own task so the screen stays live.
struct RunningCommand {
    let request: CommandRequest
    private let task: Task<Void, Never>
    /// Signalled once the command has ended and its process group is gone.
    private let finished = DispatchSemaphore(value: 0)
    private let outcome = Outcome()

    private final class Outcome: Sendable {
        let value = Mutex<CommandOutcome?>(nil)
    }

    /// Starts it; `post` gets its end as ``Event/commandFinished(_:)``, unless it was stopped first.
    init(_ request: CommandRequest, post: @escaping @Sendable (Event) -> Void) {
        self.request = request
        let finished = self.finished, outcome = self.outcome
        task = Task.detached {
            // A generous output limit: a command over it is stopped, and a rollback that chatters must still run.
            // Watched, so a war room killed with -9 does not leave its rollback step running unseen.
            let ended = await ShellCommand(request.command, timeout: .seconds(AppState.rollbackCommandTimeout),
                                           outputLimit: 16 << 20, watchedBy: ProcessInfo.processInfo.processIdentifier).run()
            outcome.value.withLock { $0 = ended }
            if !Task.isCancelled { post(.commandFinished(CommandResult(request: request, outcome: ended))) }
            finished.signal()
        }
    }

    /// Cancels it, which kills its process group, and waits a few seconds for that, so warroom does not exit
    /// leaving it running. Returns how it ended; nil when its end could not be confirmed in time.
    func stop() -> CommandOutcome? {
        task.cancel()
        guard finished.wait(timeout: .now() + 3) == .success else { return nil }
        return outcome.value.withLock { $0 }
    }
}
