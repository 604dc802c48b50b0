import WarRoomUI

/// How a `Style` is drawn in a colour mode: its attributes always, its colours only in colour mode.
public struct Rendition: Sendable, Hashable {
    public var attributes: TextAttributes
    public var colors: ColorPair

    public init(attributes: TextAttributes = [], colors: ColorPair = .terminalDefault) {
        self.attributes = attributes
        self.colors = colors
    }

    public init(style: Style, mode: ColorMode) {
        var attributes: TextAttributes = []
        if style.bold { attributes.insert(.bold) }
        if style.dim { attributes.insert(.dim) }
        if style.reverse { attributes.insert(.reverse) }
        if style.underline { attributes.insert(.underline) }
        self.attributes = attributes
        switch mode {
        case .color: colors = ColorPair(foreground: style.foreground, background: style.background)
        case .monochrome: colors = .terminalDefault
        }
    }
}
