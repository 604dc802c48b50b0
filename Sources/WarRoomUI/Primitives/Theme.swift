import WarRoomCore

/// The styles that carry meaning, in one place so every pane speaks the same visual language.
/// Each keeps an attribute besides its colour, so statuses stay distinct without colour.
public enum Theme {
    public static let title = Style(bold: true)
    public static let focusedTitle = Style(foreground: .cyan, bold: true, reverse: true)
    public static let label = Style(dim: true)
    public static let selected = Style(reverse: true)
    public static let ok = Style(foreground: .green)
    public static let warn = Style(foreground: .yellow, bold: true)
    public static let breach = Style(foreground: .red, bold: true, reverse: true)
    public static let stale = Style(foreground: .magenta, bold: true, underline: true)
    public static let pending = Style(foreground: .yellow, bold: true)
    public static let firing = Style(foreground: .red, bold: true, reverse: true)
    public static let done = Style(foreground: .green)
    /// A search match in a log line: reverse video, so it shows without colour too.
    public static let match = Style(foreground: .yellow, bold: true, reverse: true)
    public static let flash = Style(foreground: .yellow, bold: true)
    public static let modal = Style()
    public static let modalBorder = Style(foreground: .cyan, bold: true)

    public static func style(for status: MetricStatus) -> Style {
        switch status {
        case .ok: ok
        case .warn: warn
        case .breach: breach
        case .stale, .noData: stale
        }
    }

    /// A failing check is a warning until its failures reach its rule's count, then a breach.
    public static func style(for reading: HealthReading) -> Style {
        switch reading.status {
        case .ok: ok
        case .failing: reading.isPastThreshold ? breach : warn
        case .stale, .noData: stale
        }
    }

    public static func style(for status: OverallStatus) -> Style {
        switch status {
        // Reverse video rather than a background colour, so the badge still stands out without colour.
        case .healthy: Style(foreground: .green, bold: true, reverse: true)
        case .watch: Style(foreground: .yellow, bold: true, reverse: true)
        case .rollbackRecommended, .rolledBack: Style(foreground: .red, bold: true, reverse: true)
        case .staleData: Style(foreground: .magenta, bold: true, reverse: true, underline: true)
        }
    }

    public static func style(for level: LogLevel) -> Style {
        switch level {
        case .trace, .debug: dim
        case .info, .unknown: .plain
        case .warn: warn
        case .error, .fatal: Style(foreground: .red, bold: true)
        }
    }

    static let dim = Style(dim: true)
}
