/// What a key asks of a replay. Moving through recorded time is all a replay can do: it never records.
public enum ReplayControl: Sendable, Hashable {
    case togglePause
    /// Seconds of release time, back when negative.
    case seek(by: Double)
    case scaleSpeed(by: Double)
    /// To T0 (or the first entry), or to the end of the journal.
    case jumpToStart
    case jumpToEnd
    case quit
}
