/// The one word in the header that sums the war room up.
public enum OverallStatus: String, Sendable, Hashable {
    case healthy = "HEALTHY"
    case watch = "WATCH"
    case rollbackRecommended = "ROLLBACK RECOMMENDED"
    case rolledBack = "ROLLED BACK"
    case staleData = "STALE DATA"
}
