import WarRoomUI

/// A foreground and background colour, nil meaning the terminal's own default.
public struct ColorPair: Sendable, Hashable {
    public var foreground: Color?
    public var background: Color?

    public init(foreground: Color? = nil, background: Color? = nil) {
        self.foreground = foreground
        self.background = background
    }

    /// The terminal's default colours: curses pair 0, which never needs allocating.
    public static let terminalDefault = ColorPair()

    /// The curses colour numbers for `init_pair`. `Color`'s raw values are curses' COLOR_* numbers.
    /// -1 asks for the terminal default, which only works after `use_default_colors` succeeded;
    /// without it the classic white on black stands in.
    public func cursesNumbers(defaultColorsAvailable: Bool) -> (foreground: Int16, background: Int16) {
        func number(_ color: Color?, fallback: Color) -> Int16 {
            if let color { return Int16(color.rawValue) }
            return defaultColorsAvailable ? -1 : Int16(fallback.rawValue)
        }
        return (number(foreground, fallback: .white), number(background, fallback: .black))
    }
}
