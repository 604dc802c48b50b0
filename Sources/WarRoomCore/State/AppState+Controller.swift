import Foundation

extension AppState {
    /// Actions on the controller the fold keeps.
    public static let controllerActionCapacity = 20
    /// An unchanged controller is journaled again this often, so a reading older than this (and a few polls) is
    /// known to be stale rather than merely quiet.
    public static let controllerRefresh: TimeInterval = 30
    /// How long a dry run or an action on the controller may take before it is killed.
    public static let controllerCommandTimeout: TimeInterval = 60

    /// The plan's controller, when it has one.
    public var rolloutController: RolloutController? { plan.rollout?.controller }

    /// What `verb` would run through the plan's controller now; nil when the plan names none.
    public func controllerDrive(_ verb: ControllerVerb) -> RolloutController.Drive? {
        guard let rollout = plan.rollout else { return nil }
        if rollout.readOnly { return .unavailable("the plan watches the controller read-only (rollout: readonly: true)") }
        return rollout.controller.drive(verb, observed: controller.status)
    }

    /// True when the newest reading of the controller is older than its polls and refreshes allow: what the screen
    /// shows of it is then history, not the controller now.
    public var isControllerStale: Bool {
        guard let rollout = plan.rollout else { return false }
        guard let readAt = controller.readAt else { return true }
        return now.timeIntervalSince(readAt) > Self.controllerRefresh + 3 * rollout.poll + 5
    }

    /// Where the plan and the controller disagree, in words (`plan: Canary 25% · controller: step 3/6 · weight 50%`);
    /// nil when they agree or cannot be compared (no reading, no traffic share in the plan's stage).
    public var controllerDisagreement: String? {
        guard isStarted, let status = controller.status, controller.failure == nil, let stage else { return nil }
        let planWords = rollback != nil ? "plan: rolled back" : "plan: \(stage.name)"
        let controllerWords = "controller: \(status.summary)"
        if rollback != nil {
            // Rolled back in the plan: Argo and Flagger should say aborted. A Deployment has no such word (an undo is a
            // new rollout of the old template), so it cannot be compared.
            switch status.kind {
            case .argoRollout, .flaggerCanary: return status.phase == .aborted ? nil : "\(planWords) · \(controllerWords)"
            case .deployment: return nil
            }
        }
        if status.phase == .aborted { return "\(planWords) · \(controllerWords)" }
        guard let traffic = stage.traffic, let weight = status.shownWeight else { return nil }
        return Int(traffic.rounded()) == weight ? nil : "\(planWords) · \(controllerWords)"
    }

    /// Why an action on the controller cannot be asked for now; nil when it can.
    func controllerRefusal(of action: ControllerAction) -> Refusal? {
        guard let rollout = plan.rollout else { return .noController }
        if rollout.readOnly { return .controllerReadOnly }
        if let open = controller.actions.last(where: { $0.isWaiting }),
           now.timeIntervalSince(open.at) <= Self.lateStartLimit {
            return .controllerActionWaiting(verb: open.action.verb.rawValue, by: open.by)
        }
        return nil
    }

    /// A request this war room folds as the evaluator runs here, once, unless it reached the journal too late: the
    /// person may have acted some other way meanwhile, and the screen already said it was not taken up.
    func driveIfEvaluator(_ entry: JournalEntry) -> [Effect] {
        guard case .controllerActionRequested(let action) = entry.event, isEvaluator,
              controller.actions.last(where: { $0.request == entry.seq })?.result == nil else { return [] }
        guard now.timeIntervalSince(entry.time) <= Self.lateStartLimit else {
            let late = ControllerActionResult(request: entry.seq, verb: action.verb,
                                              notRun: "the evaluator took the request up too late (\(Int(now.timeIntervalSince(entry.time))) s)")
            return [.record(self.entry(.controllerActionRun(late)))]
        }
        return [.drive(ControllerRequest(seq: entry.seq, action: action, actor: entry.actor))]
    }
}

/// An action on the controller for the runtime to run: the request's journal position, and what to run.
public struct ControllerRequest: Sendable, Hashable {
    public var seq: Int64
    public var action: ControllerAction
    public var actor: String

    public init(seq: Int64, action: ControllerAction, actor: String) {
        self.seq = seq
        self.action = action
        self.actor = actor
    }
}
