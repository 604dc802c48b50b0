import Foundation

/// Reads where a replay starts: an offset from T0 as plans and the screen write it (`T+50m`, `T+1h30m`, `T-5m`)
/// or a plain duration after T0 (`50m`).
public enum ReplayOffset {
    /// Seconds from T0, nil when the text is neither form.
    public static func parse(_ text: String) -> TimeInterval? {
        DurationText.parseOffset(text) ?? DurationText.parse(text)
    }
}
