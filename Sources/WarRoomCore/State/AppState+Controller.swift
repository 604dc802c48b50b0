import Foundation

extension AppState {
    /// Actions on the controller the fold keeps.
    public static let controllerActionCapacity = 20
    /// An unchanged controller is journaled again this often, so a reading older than this (and a few polls) is
    /// known to be stale rather than merely quiet.
    public static let controllerRefresh: TimeInterval = 30
    /// How long a dry run or an action on the controller may take before it is killed.
    public static let controllerCommandTimeout: TimeInterval = 60
    /// How long a request may go unanswered before the screen says nobody took it up: the evaluator's late limit and
    /// the dry run and the command at their longest.
    public static let controllerAnswerWindow: TimeInterval = lateStartLimit + 2 * controllerCommandTimeout
    /// How long an action that ran is waited for to show on the controller before it counts as not seen.
    public static let controllerChangeWindow: TimeInterval = 120

    /// The plan's controller, when it has one.
    public var rolloutController: RolloutController? { plan.rollout?.controller }

    /// What `verb` would run through the plan's controller now; nil when the plan names none. Nothing is worked out
    /// from a reading that is failing or stale: it would be a command for a controller as it no longer is.
    public func controllerDrive(_ verb: ControllerVerb) -> RolloutController.Drive? {
        guard let rollout = plan.rollout else { return nil }
        if rollout.readOnly { return .unavailable("the plan watches the controller read-only (rollout: readonly: true)") }
        let readsKubernetes = rollout.controller.kubernetesObject != nil
        if readsKubernetes, let failure = controller.failure {
            return .unavailable("the controller cannot be read now (\(failure))")
        }
        if readsKubernetes, controller.status != nil, isControllerStale {
            let age = controller.readAt.map { DurationText.format(now.timeIntervalSince($0)) + " ago" } ?? "never"
            return .unavailable("the controller's newest reading is stale (read \(age))")
        }
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
        return Int(saturating: traffic.rounded()) == weight ? nil : "\(planWords) · \(controllerWords)"
    }

    /// Why an action on the controller cannot be asked for now; nil when it can.
    var controllerRefusal: Refusal? {
        guard let rollout = plan.rollout else { return .noController }
        if rollout.readOnly { return .controllerReadOnly }
        if let open = controller.openAction(at: now) {
            return .controllerActionOpen(verb: open.action.verb.rawValue, by: open.by, waiting: open.isWaiting)
        }
        return nil
    }

    /// A request this war room folds as the evaluator is started here (journaled, then run once the journal holds
    /// this start as the first), unless running it could do what nobody confirmed: it reached the journal too late,
    /// another action still holds the controller, or the controller no longer stands where the command was worked
    /// out from. Those are answered "not run", with why.
    func driveIfEvaluator(_ entry: JournalEntry) -> [Effect] {
        switch entry.event {
        case .controllerActionRequested(let action):
            guard isEvaluator, let asked = controller.actions.last(where: { $0.request == action.id }), asked.result == nil,
                  asked.startedBy == nil else { return [] }
            return start(asked, requestedAt: entry.time)
        case .controllerActionStarted(let request):
            // Our own start, and the first: run it. Another war room's start that came first is theirs to run.
            guard entry.session == session, isEvaluator,
                  let asked = controller.actions.last(where: { $0.request == request }), asked.result == nil,
                  asked.startedBy == session else { return [] }
            guard now.timeIntervalSince(entry.time) <= Self.lateStartLimit else {
                return answer(asked, notRun: "its start reached the journal too late (\(Int(saturating: now.timeIntervalSince(entry.time).rounded())) s)")
            }
            return [.drive(ControllerRequest(action: asked.action, actor: asked.by))]
        default:
            return []
        }
    }

    /// A war room that has just taken the evaluator over answers what the one before left open: a request it never
    /// started is started here (or answered "not run" when too late), and one it started but never answered is
    /// answered "unknown", since the controller may or may not have taken it. Nothing is left silent.
    func answerOnTakingOver(_ entry: JournalEntry) -> [Effect] {
        guard case .evaluatorChanged = entry.event, entry.session == session else { return [] }
        return controller.actions.filter { $0.result == nil }.flatMap { asked -> [Effect] in
            guard let starter = asked.startedBy else { return start(asked, requestedAt: asked.at) }
            guard starter != session else { return [] }
            let who = attendees[starter]?.actor ?? departures[starter]?.actor ?? starter
            return answer(asked, lost: "\(who)'s war room started it and stopped evaluating before it said how it ended — check the controller")
        }
    }

    private func start(_ asked: ControllerState.Action, requestedAt time: Date) -> [Effect] {
        if let reason = reasonNotToRun(asked, requestedAt: time) { return answer(asked, notRun: reason) }
        return [.record(entry(.controllerActionStarted(request: asked.request)))]
    }

    private func answer(_ asked: ControllerState.Action, notRun: String? = nil, lost: String? = nil) -> [Effect] {
        [.record(entry(.controllerActionRun(ControllerActionResult(request: asked.request, verb: asked.action.verb,
                                                                    notRun: notRun, lost: lost))))]
    }

    private func reasonNotToRun(_ asked: ControllerState.Action, requestedAt time: Date) -> String? {
        let waited = now.timeIntervalSince(time)
        if waited > Self.lateStartLimit {
            return "the evaluator took the request up too late (\(Int(saturating: waited.rounded())) s)"
        }
        if let other = controller.actions.last(where: { $0.request != asked.request && $0.at <= asked.at && $0.isOpen(at: now)
                                                        && $0.result?.lost == nil }) {
            return "\(other.by)'s \(other.action.verb.rawValue) at \(Self.clockWords(other.at)) still held the controller"
        }
        guard let before = asked.action.before else { return nil }
        if let failure = controller.failure { return "the controller could not be read (\(failure))" }
        if let current = controller.status, !current.standsWhere(before) {
            return "the controller moved since it was confirmed (then \(before.summary), now \(current.summary))"
        }
        return nil
    }

    /// `14:02:03`, UTC, for reasons journaled in words.
    static func clockWords(_ date: Date) -> String { UTCParts.clock(date) ?? "?" }
}

/// An action on the controller for the runtime to run, and who asked for it.
public struct ControllerRequest: Sendable, Hashable {
    public var action: ControllerAction
    public var actor: String

    public init(action: ControllerAction, actor: String) {
        self.action = action
        self.actor = actor
    }
}
