import WarRoomCore

/// Recent values as `▁▂▃▅▇`, scaled between their own minimum and maximum, widened to include any
/// `references` (a metric's baseline and thresholds), so noise around a level stays low and a climb
/// from OK to BREACH reads as a climb.
public enum Sparkline {
    private static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The newest `width` values as bars; a flat series draws mid-height.
    public static func render(_ values: [Double], width: Int, references: [Double] = []) -> String {
        let recent = values.suffix(max(0, width)).filter(\.isFinite)
        guard !recent.isEmpty else { return "" }
        let scale = recent + references.filter(\.isFinite)
        let low = scale.min()!, high = scale.max()!
        guard high > low else { return String(repeating: bars[3], count: recent.count) }
        return String(recent.map { value in
            // Halved before subtracting: 1e308 - -1e308 overflows to infinity, the halves never do.
            let position = (value / 2 - low / 2) / (high / 2 - low / 2)
            let index = Int(saturating: (position * Double(bars.count - 1)).rounded())
            return bars[min(bars.count - 1, max(0, index))]
        })
    }
}
