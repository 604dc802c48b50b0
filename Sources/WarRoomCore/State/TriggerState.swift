import Foundation

/// The live state of one rollback trigger, with Prometheus `for:` semantics.
public struct TriggerState: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case inactive
        /// The condition has held since `since`; fires at `since + window`.
        case pending(since: Date)
        case firing(since: Date)
    }

    public var phase: Phase = .inactive
    /// The metric value at the last evaluation.
    public var lastValue: Double?
    /// Consecutive failures so far, for `fails N consecutive` rules.
    public var consecutive = 0
    /// A `within` rule whose window has passed: it can no longer go pending, only finish firing.
    public var windowClosed = false
    public init() {}

    public var isFiring: Bool { if case .firing = phase { true } else { false } }
    public var isPending: Bool { if case .pending = phase { true } else { false } }

    /// A word for the journal's evidence and the screen: `inactive`, `window closed`, `pending`, `firing`.
    public var word: String {
        switch phase {
        case .inactive: windowClosed ? "window closed" : "inactive"
        case .pending: "pending"
        case .firing: "firing"
        }
    }
}

/// What the journal says a trigger did, from every session: how often it fired and whether it is still firing
/// there. After a restart the live state starts inactive and must wait for fresh data; this is what the screen
/// shows meanwhile.
public struct TriggerHistory: Sendable, Hashable, Codable {
    public var firedCount = 0
    public var lastFired: Date?
    public var lastResolved: Date?

    public init() {}

    /// Fired and not resolved since, by any session.
    public var isOpen: Bool {
        guard let lastFired else { return false }
        return lastResolved.map { $0 < lastFired } ?? true
    }

    /// Two sessions watching the same sources both record a firing; it counts once until it resolves.
    mutating func fired(at time: Date) {
        guard !isOpen else { return }
        firedCount += 1
        lastFired = time
    }

    mutating func resolved(at time: Date) {
        guard isOpen else { return }
        lastResolved = time
    }
}
