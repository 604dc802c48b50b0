import Foundation

/// Reads and writes the short durations of release plans: `90s`, `5m`, `1h30m`, `1d`.
public enum DurationText {
    private static let unitSeconds: [Character: TimeInterval] = ["s": 1, "m": 60, "h": 3600, "d": 86400]

    /// The longest duration a plan may give: a release is watched for days, not months. Longer (or a digit run
    /// that reads as infinity) would make a poll interval trap on conversion and a backtest tick for months.
    public static let planLimit: TimeInterval = 30 * 86400

    /// Parses `5m`, `1h30m`, `45s`, `2d`, up to ``planLimit``; nil when the text is not such a duration.
    public static func parse(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        var total: TimeInterval = 0
        var number = ""
        for character in trimmed {
            if character.isNumber || character == "." {
                number.append(character)
            } else if let scale = unitSeconds[character], let value = Double(number) {
                total += value * scale
                number = ""
            } else {
                return nil
            }
        }
        guard number.isEmpty, total.isFinite, total <= planLimit else { return nil }
        return total
    }

    /// Formats a non-negative span compactly: `45s`, `3m12s`, `1h05m`, `2d03h`.
    /// A countdown: rounded up, so it never reads "0s" while something is still waiting.
    public static func formatRemaining(_ seconds: TimeInterval) -> String {
        format(max(0, seconds).rounded(.up))
    }

    /// Spans beyond this (about 3,000 years) come only from broken clocks or damaged journals; they read
    /// "out of range" rather than as a number of days nobody can check.
    public static let formatLimit: TimeInterval = 1e11

    public static func format(_ seconds: TimeInterval) -> String {
        guard !seconds.isNaN, seconds <= formatLimit else { return "out of range" }
        let whole = Int(saturating: max(0, seconds).rounded(.down))
        let days = whole / 86400, hours = (whole % 86400) / 3600
        let minutes = (whole % 3600) / 60, secs = whole % 60
        if days > 0 { return "\(days)d" + pad(hours) + "h" }
        if hours > 0 { return "\(hours)h" + pad(minutes) + "m" }
        if minutes > 0 { return "\(minutes)m" + pad(secs) + "s" }
        return "\(secs)s"
    }

    /// Formats a span as plans write it: `15m`, `1h`, `4h`, `24h`, `1h30m` (no zero parts).
    public static func formatPlan(_ seconds: TimeInterval) -> String {
        guard !seconds.isNaN, seconds <= formatLimit else { return "out of range" }
        let whole = Int(saturating: max(0, seconds))
        var parts = ""
        let hours = whole / 3600, minutes = (whole % 3600) / 60, secs = whole % 60
        if hours > 0 { parts += "\(hours)h" }
        if minutes > 0 { parts += "\(minutes)m" }
        if secs > 0 || parts.isEmpty { parts += "\(secs)s" }
        return parts
    }

    /// A request's latency: `12ms` under a second, `1.3s` under a minute, then as ``format(_:)``.
    public static func formatLatency(_ seconds: TimeInterval) -> String {
        guard !seconds.isNaN, seconds >= 0 else { return "?" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10)s" }
        return format(seconds)
    }

    /// Formats an offset from T0 as `T+1h05m` or `T-12m30s`.
    public static func formatOffset(_ seconds: TimeInterval) -> String {
        guard !seconds.isNaN, abs(seconds) <= formatLimit else { return "T out of range" }
        return (seconds < 0 ? "T-" : "T+") + format(abs(seconds))
    }

    /// Parses `T+15m`, `T-30m`, `T+1d`; nil otherwise.
    public static func parseOffset(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > 2, trimmed.first == "T" || trimmed.first == "t" else { return nil }
        let sign = trimmed.dropFirst().first
        guard sign == "+" || sign == "-", let span = parse(String(trimmed.dropFirst(2))) else { return nil }
        return sign == "-" ? -span : span
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
