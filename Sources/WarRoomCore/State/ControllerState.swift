import Foundation

/// The rollout controller as the journal tells it: the newest reading, how long it has failed, and the actions
/// people took on it, with how each went and when the controller was seen to act.
public struct ControllerState: Sendable, Hashable, Codable {
    /// What the controller last said; kept while it cannot be read, so the screen can show it as stale.
    public internal(set) var status: ControllerStatus?
    /// When ``status`` was read (or confirmed unchanged).
    public internal(set) var statusAt: Date?
    /// Why the controller cannot be read, while it cannot.
    public internal(set) var failure: String?
    /// Since when it has failed.
    public internal(set) var failingSince: Date?
    /// The newest reading of either kind: how fresh what the screen shows is.
    public internal(set) var readAt: Date?
    /// Actions asked for, oldest first; the newest ``AppState/controllerActionCapacity``.
    public internal(set) var actions: [Action] = []

    public init() {}

    /// One action on the controller and what came of it.
    public struct Action: Sendable, Hashable, Codable {
        /// The action's id: the evaluator's result and the observed change refer to it.
        public var request: String { action.id }
        public var action: ControllerAction
        public var by: String
        public var at: Date
        /// The session that started running it (the first start journaled), and when.
        public var startedBy: String?
        public var startedAt: Date?
        public var result: ControllerActionResult?
        public var ranAt: Date?
        /// The controller's state once it was seen to make the change, and when.
        public var observed: String?
        public var observedAt: Date?

        /// Asked for, not yet answered by the evaluator.
        public var isWaiting: Bool { result == nil }
        /// Run successfully, and the controller not yet seen to act.
        public var isAwaitingChange: Bool { result?.succeeded == true && observed == nil }

        /// Whether it still holds the controller at `time`: waiting for its answer (an evaluator takes it up within
        /// ``AppState/lateStartLimit`` and runs a dry run and the command, each within
        /// ``AppState/controllerCommandTimeout``), or run and waiting, for ``AppState/controllerChangeWindow``, to be
        /// seen to act. Another action is not run meanwhile: two promotes in a row skip a pause nobody confirmed, and
        /// two undos put the bad version back.
        public func isOpen(at time: Date) -> Bool {
            if isWaiting { return time.timeIntervalSince(at) <= AppState.controllerAnswerWindow }
            guard isAwaitingChange, let ranAt else { return false }
            return time.timeIntervalSince(ranAt) <= AppState.controllerChangeWindow
        }
    }

    mutating func fold(_ entry: JournalEntry) {
        switch entry.event {
        case .controllerRead(.status(let read)):
            status = read
            statusAt = entry.time
            failure = nil
            failingSince = nil
            readAt = entry.time
        case .controllerRead(.unreadable(let reason)):
            if failure == nil { failingSince = entry.time }
            failure = reason
            readAt = entry.time
        case .controllerActionRequested(let action):
            guard !actions.contains(where: { $0.request == action.id }) else { return }
            if actions.count == AppState.controllerActionCapacity { actions.removeFirst() }
            actions.append(Action(action: action, by: entry.actor, at: entry.time))
        case .controllerActionStarted(let request):
            guard let index = actions.lastIndex(where: { $0.request == request }), actions[index].startedBy == nil else { return }
            actions[index].startedBy = entry.session
            actions[index].startedAt = entry.time
        case .controllerActionRun(let result):
            // The first answer stands: a request is run once. Only an evaluator's own account replaces "unknown".
            guard let index = actions.lastIndex(where: { $0.request == result.request }) else { return }
            guard actions[index].result == nil || (actions[index].result?.lost != nil && result.lost == nil && result.run != nil)
            else { return }
            actions[index].result = result
            actions[index].ranAt = entry.time
        case .controllerChangeObserved(let request, let change):
            guard let index = actions.lastIndex(where: { $0.request == request }), actions[index].observed == nil else { return }
            actions[index].observed = change
            actions[index].observedAt = entry.time
        default:
            return
        }
    }

    /// The action that still holds the controller at `time` (``Action/isOpen(at:)``), if any.
    public func openAction(at time: Date) -> Action? { actions.last { $0.isOpen(at: time) } }
}
