/// Where a metric stands against its thresholds. STALE and NO DATA never count as healthy.
public enum MetricStatus: String, Sendable, Codable, Hashable {
    case ok = "OK"
    case warn = "WARN"
    case breach = "BREACH"
    case stale = "STALE"
    case noData = "NO DATA"

    /// True only for a fresh value inside its success threshold.
    public var isHealthy: Bool { self == .ok }
    /// True when the value cannot be trusted: no sample, or none recent enough.
    public var isMissing: Bool { self == .stale || self == .noData }
}
