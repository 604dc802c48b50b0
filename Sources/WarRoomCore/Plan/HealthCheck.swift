import Foundation

/// A readiness, liveness or smoke check, polled on an interval. Its results are the 0/1 metric
/// `health.<name>` (1 = pass) that `fails N consecutive` rules read.
public struct HealthCheck: Sendable, Codable, Hashable, Identifiable {
    /// What the check tells, in the vocabulary of the seed plans.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        case readiness, liveness, smoke
    }

    /// How the check is made.
    public enum Probe: Sendable, Codable, Hashable {
        /// GET the URL; pass when the status is in `statuses` and the body contains `bodyContains` (if set).
        case http(url: String, statuses: ClosedRange<Int>, bodyContains: String?, token: SecretReference?)
        /// Run a shell command; pass on exit status 0.
        case command(String)
    }

    public var name: String
    public var kind: Kind?
    public var probe: Probe
    public var interval: TimeInterval
    public var timeout: TimeInterval
    /// How many failures in a row make the check failing.
    public var failureThreshold: Int

    public var id: String { name }

    /// The series name rules and samples use.
    public var metricName: String { Self.prefix + name }

    public static let prefix = "health."

    /// A result older than this is STALE: two intervals and a timeout, so one slow or missed check is not yet.
    public var staleAfter: TimeInterval { 2 * interval + timeout }

    public init(name: String, kind: Kind? = nil, probe: Probe, interval: TimeInterval = 10, timeout: TimeInterval = 5,
                failureThreshold: Int = 3) {
        self.name = name
        self.kind = kind
        self.probe = probe
        self.interval = interval
        self.timeout = timeout
        self.failureThreshold = failureThreshold
    }
}
