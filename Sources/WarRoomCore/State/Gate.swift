/// Whether the current stage may be promoted, and if not, every reason why.
public struct Gate: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        case ready = "READY"
        case blocked = "BLOCKED"
        /// Some input is stale or missing: the gate cannot say the stage is healthy.
        case inconclusive = "INCONCLUSIVE"
        /// Nothing left to promote (final stage, rolled back, not started).
        case closed = "—"
    }

    public var verdict: Verdict
    public var reasons: [String]
}
