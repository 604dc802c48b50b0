import Foundation

/// Whether the notices queued now leave the war room, as far as this war room can tell.
public enum NoticesSent: Sendable, Hashable {
    case sent
    /// Shown in the comms view, never sent: why.
    case withheld(String)
    /// Another war room evaluates, and nothing it queued lately says how it runs: in words, what it depends on.
    case unknown(String)
}

extension AppState {
    /// Whether the notices queued now are sent. The evaluating war room queues them under its own policy: this war
    /// room's when it evaluates (or nobody does yet, when it may be the next to); another's as its newest notice that was
    /// still news shows it (a notice queued too late is withheld whatever the policy, so it says nothing of it).
    public var noticesSent: NoticesSent {
        guard let evaluator = self.evaluator, evaluator.session != session else {
            return noticesWithheld.map(NoticesSent.withheld) ?? .sent
        }
        let ruled = self.comms.outbox.last { $0.queuedAt.timeIntervalSince($0.notice.at) <= Self.noticeFreshness }
        if let ruled { return ruled.notice.withheld.map(NoticesSent.withheld) ?? .sent }
        let who = evaluator.actor + (evaluator.host.map { "@" + $0 } ?? "")
        return plan.communication.sendNotifications
            ? .sent
            : .unknown("sent only if the evaluating war room (\(who)) runs with --notify: the plan does not send "
                       + "notifications (communication: send_notifications: true)")
    }
}
