import Foundation

/// One health check as a screen shows it, derived from the journal alone: its status, its newest result, how many
/// failures in a row against the count its rule needs, and how old the result is.
public struct HealthReading: Sendable, Hashable {
    public var check: HealthCheck
    public var status: HealthStatus
    /// What the newest check saw; nil when the journal has only its pass or fail (an older journal) or none.
    public var last: HealthResult?
    /// Failures since the last pass, as `fails N consecutive` counts them.
    public var failures: Int
    /// The failures in a row that make the check fail its rule.
    public var threshold: Int
    /// Seconds since the newest result; nil before the first.
    public var age: TimeInterval?
    /// Why the newest check failed or could not be made, in words; nil when it passed or nothing says.
    public var reason: String?

    /// `2/3 fails`: enough for its rule once the failures reach the threshold.
    public var failureText: String { "\(failures)/\(threshold) fails" }
    public var isPastThreshold: Bool { failures >= threshold }
}
