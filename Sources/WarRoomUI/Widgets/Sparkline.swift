/// Recent values as `▁▂▃▅▇`, scaled between their own minimum and maximum.
public enum Sparkline {
    private static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The newest `width` values as bars; a flat series draws mid-height.
    public static func render(_ values: [Double], width: Int) -> String {
        let recent = values.suffix(max(0, width)).filter(\.isFinite)
        guard let low = recent.min(), let high = recent.max() else { return "" }
        let span = high - low
        return String(recent.map { value in
            guard span > 0 else { return bars[3] }
            let index = Int(((value - low) / span * Double(bars.count - 1)).rounded())
            return bars[min(bars.count - 1, max(0, index))]
        })
    }
}
