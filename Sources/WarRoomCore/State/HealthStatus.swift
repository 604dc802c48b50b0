/// Where a health check stands, worded like a metric's status. STALE and NO DATA never count as passing.
public enum HealthStatus: String, Sendable, Codable, Hashable {
    /// The newest result, fresh, passed.
    case ok = "OK"
    /// The newest result, fresh, failed; how close to its rule is the reading's failure count.
    case failing = "FAILING"
    case stale = "STALE"
    case noData = "NO DATA"
}
