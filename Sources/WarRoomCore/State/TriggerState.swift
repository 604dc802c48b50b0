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
