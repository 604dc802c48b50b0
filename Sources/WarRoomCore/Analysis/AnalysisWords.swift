import Foundation

/// How the judge's and the objectives' numbers are written, everywhere they are shown (a verdict's reason, the canary
/// view, an explanation, the post-mortem), so no two places round one number differently.
public enum AnalysisWords {
    /// `98%`, `99.9%`, `12.5%`.
    public static func percent(_ fraction: Double) -> String {
        let percent = fraction * 100
        guard percent.isFinite else { return "?%" }
        let tenths = (percent * 10).rounded() / 10
        return tenths == tenths.rounded() ? "\(Int(saturating: tenths))%" : String(format: "%.1f%%", tenths)
    }

    /// A share of a budget as a person reads it: `12%`, `3.4%`, `0.27%`, `<0.1%` (a little is not nothing).
    public static func share(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "?%" }
        if fraction > 0, fraction < 0.001 { return "<0.1%" }
        if fraction < 0.01 { return String(format: "%.2f%%", fraction * 100) }
        return percent(fraction)
    }

    /// `+31%`, `−4%`, `0%` (a change that rounds to nothing has no sign).
    public static func signedPercent(_ fraction: Double) -> String {
        let percent = (fraction * 100).rounded()
        guard percent.isFinite else { return "?%" }
        if percent == 0 { return "0%" }
        return (percent > 0 ? "+" : "−") + "\(Int(saturating: abs(percent)))%"
    }

    /// A ratio: `1.4×`, `31×`, `∞`.
    public static func times(_ ratio: Double) -> String {
        guard ratio.isFinite else { return "∞" }
        return ratio >= 10 ? "\(Int(saturating: ratio.rounded()))×" : String(format: "%.1f×", ratio)
    }

    /// A p-value, never `0`: `0.21`, `0.0004`, `<0.0001`.
    public static func p(_ value: Double) -> String {
        if value < 0.0001 { return "<0.0001" }
        return String(format: value >= 0.01 ? "%.2f" : "%.4f", value)
    }
}
