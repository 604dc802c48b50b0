import Foundation

/// One rollback trigger's phase, with Prometheus `for:` semantics, as the evaluator journaled it.
public struct TriggerState: Sendable, Hashable, Codable {
    public enum Phase: Sendable, Hashable, Codable {
        case inactive
        /// The condition has held since `since`; fires at `since + window`.
        case pending(since: Date)
        case firing(since: Date)
    }

    public var phase: Phase = .inactive
    /// The value journaled with the transition into this phase.
    public var value: Double?

    public init() {}

    public var isFiring: Bool { if case .firing = phase { true } else { false } }
    public var isPending: Bool { if case .pending = phase { true } else { false } }

    mutating func enter(_ phase: Phase, value: Double?) {
        self.phase = phase
        self.value = value
    }
}

/// What the journal says a trigger did: how often it fired and whether it is still firing.
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

    /// A firing counts once until it resolves (journals from before the single evaluator may hold one per war room).
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
