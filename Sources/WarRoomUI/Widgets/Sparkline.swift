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
        let span = high - low
        return String(recent.map { value in
            guard span > 0 else { return bars[3] }
            let index = Int(((value - low) / span * Double(bars.count - 1)).rounded())
            return bars[min(bars.count - 1, max(0, index))]
        })
    }
}
