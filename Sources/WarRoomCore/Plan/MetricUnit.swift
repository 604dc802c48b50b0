#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The unit a metric is measured in; values are stored in this unit, never converted silently.
public enum MetricUnit: String, Sendable, Codable, Hashable, CaseIterable {
    case percent = "%"
    case milliseconds = "ms"
    case seconds = "s"
    case requestsPerSecond = "rps"
    case count = ""

    /// Formats a value with this unit: `1.25%`, `212ms`, `1180rps`, `3`.
    public func format(_ value: Double) -> String {
        let number: String
        switch self {
        case .percent, .seconds: number = Self.trim(value, decimals: 2)
        case .milliseconds, .requestsPerSecond: number = Self.trim(value, decimals: value.magnitude < 10 ? 1 : 0)
        case .count: number = Self.trim(value, decimals: 2)
        }
        return number + rawValue
    }

    /// A change with its sign: `+78ms`, `−0.2%`; a change that rounds to nothing is `+0%`, never a `−0%` that reads
    /// as a fall.
    public func formatSigned(_ value: Double) -> String {
        let magnitude = format(abs(value))
        return (value >= 0 || magnitude == format(0) ? "+" : "−") + magnitude
    }

    /// From this magnitude on a value is written in powers of ten: `1.23e15`, `-1e308`, never 309 digits.
    static let scientificFrom = 1e12

    static func trim(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
        guard value.magnitude < scientificFrom else { return scientific(value) }
        var text = fixed(value, decimals: decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// `%.*f` from the C library, the formatting `String(format:)` ends in, without the Foundation machinery around
    /// it that costs microseconds a call: a backtest words a value at every transition, an export at every entry.
    private static func fixed(_ value: Double, decimals: Int) -> String {
        // Below `scientificFrom`: at most 13 digits, a sign, a point and the decimals.
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            let written = withVaList([Int32(clamping: decimals), value]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.*f", $0) }
            guard written >= 0, Int(written) < buffer.count else { return String(format: "%.\(decimals)f", value) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(written)), as: UTF8.self)
        }
    }

    /// Three significant digits and a plain exponent: `%.2e` gives `1.23e+15`, written `1.23e15`.
    private static func scientific(_ value: Double) -> String {
        let parts = String(format: "%.2e", value).split(separator: "e")
        var mantissa = String(parts[0])
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
        let exponent = Int(parts[1]) ?? 0
        return mantissa + "e" + String(exponent)
    }
}
