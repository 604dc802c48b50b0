/// Whether the backend draws colours, or attributes only.
public enum ColorMode: Sendable, Hashable {
    case color
    /// No colour at all; bold, dim, reverse and underline still carry the meaning.
    case monochrome

    /// Colour when the terminal has it and the user has not opted out with a non-empty
    /// NO_COLOR (https://no-color.org); `noColor` is that variable's value, if set.
    public static func detect(terminalHasColors: Bool, noColor: String?) -> ColorMode {
        guard terminalHasColors else { return .monochrome }
        if let noColor, !noColor.isEmpty { return .monochrome }
        return .color
    }
}
