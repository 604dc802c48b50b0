/// A pane's title rule: `─ Metrics ── 4 OK ─────`; the focused pane's title is highlighted.
/// One row instead of a box, so five panes still fit at 80x24.
public struct PaneFrame {
    public var title: String
    public var summary: String
    public var summaryStyle: Style
    public var focused: Bool

    public init(title: String, summary: String = "", summaryStyle: Style = Theme.label, focused: Bool) {
        self.title = title
        self.summary = summary
        self.summaryStyle = summaryStyle
        self.focused = focused
    }

    /// Draws the rule on the first row of `area` and returns the rows below it.
    @discardableResult
    public func render(into buffer: inout Buffer, area: Rect) -> Rect {
        guard !area.isEmpty else { return area }
        buffer.fill(area.row(0), style: Theme.label, with: "─")
        var x = area.x + 1
        x += buffer.put(" \(title) ", x: x, y: area.y, style: focused ? Theme.focusedTitle : Theme.title, clip: area)
        if !summary.isEmpty {
            x += 1
            // Cut at a word, so a long reason never ends in half a word; the rule's last column stays a rule.
            let fitted = Text.fitWords(summary, area.maxX - 1 - x - 2)
            if !fitted.isEmpty {
                buffer.put(" \(fitted) ", x: x, y: area.y, style: summaryStyle, clip: Rect(x: area.x, y: area.y, width: area.width - 1, height: 1))
            }
        }
        return Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1)
    }
}
