/// Coordinates for SVG attributes: one decimal, no exponent, no locale, no formatter.
enum SVGNumber {
    /// Far beyond any chart, so a coordinate from a wild value lands off the canvas rather than trapping.
    static let limit = 1e9

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((min(max(value, -limit), limit) * 10).rounded())
        let whole = tenths / 10, fraction = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
