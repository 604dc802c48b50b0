import Synchronization
import WarRoomCore

/// The rollout controller's newest status as the evaluator's own controller feed read it, for the pod log feed to
/// tell canary pods from stable ones. The last good status stays while the controller cannot be read, as it does in
/// the fold: hashes do not change because kubectl failed once.
public final class LatestControllerStatus: Sendable {
    private let status: Mutex<ControllerStatus?>

    /// `initial`: the fold's, so a war room that takes over labels lines before its first reading.
    public init(_ initial: ControllerStatus? = nil) { status = Mutex(initial) }

    public var current: ControllerStatus? { status.withLock { $0 } }

    /// Takes note of a controller feed's event; any other event is ignored.
    public func take(_ event: Event) {
        if case .controller(.status(let new)) = event { status.withLock { $0 = new } }
    }
}
