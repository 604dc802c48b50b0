import Foundation

/// One episode of a rollback trigger: from going pending (or straight to firing) until it resolved.
struct TriggerPeriod: Sendable, Hashable {
    /// A journaled moment of the episode with the value the rule read then.
    struct Mark: Sendable, Hashable {
        var at: Date
        var value: Double?
    }

    /// Who acknowledged the firing trigger, and when.
    struct Acknowledgement: Sendable, Hashable {
        var by: String
        var at: Date
    }

    /// The rule's text, its identity in the journal.
    var trigger: String
    var pending: Mark?
    var firing: Mark?
    var resolved: Mark?
    var acknowledged: Acknowledgement?

    /// How long it fired, up to `end` for one still firing; nil when it never fired.
    func firedFor(until end: Date) -> TimeInterval? {
        firing.map { max(0, (resolved?.at ?? end).timeIntervalSince($0.at)) }
    }

    /// How long it was pending before it fired or cleared; nil when it fired at once.
    func pendingFor(until end: Date) -> TimeInterval? {
        pending.map { max(0, (firing?.at ?? resolved?.at ?? end).timeIntervalSince($0.at)) }
    }
}
