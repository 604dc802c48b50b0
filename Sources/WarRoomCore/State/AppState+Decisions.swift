import Foundation

/// Where a decision point stands on the release clock.
public enum DecisionStatus: Sendable, Hashable {
    case notStarted
    case upcoming(in: TimeInterval)
    case due(since: TimeInterval)
    /// Due for longer than the grace period and still not decided.
    case overdue(by: TimeInterval)
    /// Due, or past its grace period, once the release is rolled back: a decision can still be recorded, but the
    /// release it would decide is over, so nothing nags for it.
    case dueAfterRollback(since: TimeInterval)
    case decided(AppState.Decision)
}

extension AppState {
    /// How long a decision point may be due before it counts as overdue.
    public static let decisionGrace: TimeInterval = 10 * 60

    public func decisionStatus(_ pointID: String) -> DecisionStatus {
        if let decision = self.decisions[pointID] { return .decided(decision) }
        guard let t0 = self.t0, let point = plan.decisionPoints.first(where: { $0.id == pointID }) else { return .notStarted }
        let sinceDue = now.timeIntervalSince(t0) - point.offset
        if sinceDue < 0 { return .upcoming(in: -sinceDue) }
        if self.rollback != nil { return .dueAfterRollback(since: sinceDue) }
        return sinceDue > Self.decisionGrace ? .overdue(by: sinceDue) : .due(since: sinceDue)
    }

    /// The earliest decision point that is due (or overdue) and not yet decided, rolled back or not: the one `d`
    /// records.
    public var dueDecision: DecisionPoint? {
        plan.decisionPoints.first { point in
            switch decisionStatus(point.id) {
            case .due, .overdue, .dueAfterRollback: true
            case .notStarted, .upcoming, .decided: false
            }
        }
    }

    /// The earliest decision point that is due and asks for attention (DUE, OVERDUE, the `d` hint): nil once the
    /// release is rolled back, when decisions may still be recorded but no longer nag.
    public var naggingDecision: DecisionPoint? {
        plan.decisionPoints.first { point in
            switch decisionStatus(point.id) {
            case .due, .overdue: true
            case .notStarted, .upcoming, .dueAfterRollback, .decided: false
            }
        }
    }

    /// The next decision point not yet due.
    public var nextDecision: DecisionPoint? {
        plan.decisionPoints.first { if case .upcoming = decisionStatus($0.id) { true } else { false } }
    }
}
