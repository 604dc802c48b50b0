import WarRoomCore
import Yams

/// Walks a layout document: a name, the smallest terminal it suits, and nested rows and columns of panes.
struct LayoutDecoder {
    var sink: DiagnosticSink

    static let rootKeys = ["name", "min_width", "min_height", "rows", "columns"]
    static let childKeys = ["size", "pane", "rows", "columns"]
    static let sizeHint = "size is a number of cells (6), a share of the space (30%), or fill"

    init(file: String) {
        self.sink = DiagnosticSink(file: file)
    }

    mutating func decode(_ root: Node) -> LayoutSpec? {
        guard let layout = MappingReader(root, name: "the layout", sink: &sink) else { return nil }
        layout.checkKeys(Self.rootKeys, sink: &sink)
        let name = layout.requiredString("name", sink: &sink)
        let minWidth = layout.value("min_width").flatMap { cells($0, "min_width") } ?? 0
        let minHeight = layout.value("min_height").flatMap { cells($0, "min_height") } ?? 0
        let content = decodeContent(layout, allowsPane: false)
        guard !sink.hasErrors, let name, let content else { return nil }
        return LayoutSpec(name: name, minWidth: minWidth, minHeight: minHeight, root: content)
    }

    /// The one of `pane`, `rows` or `columns` a mapping holds (the top level holds only a split).
    private mutating func decodeContent(_ map: MappingReader, allowsPane: Bool) -> LayoutNode? {
        let choices = allowsPane ? ["pane", "rows", "columns"] : ["rows", "columns"]
        let present = choices.filter { map.contains($0) }
        guard present.count == 1, let key = present.first else {
            let options = choices.map { "'\($0)'" }.joined(separator: allowsPane ? ", " : " or ")
            if present.isEmpty {
                sink.error("\(map.name) needs one of \(options)", at: map.position,
                           hint: allowsPane ? "a leaf names a pane; a split lists rows or columns" : nil)
            } else {
                let found = present.map { "'\($0)'" }.joined(separator: " and ")
                sink.error("\(map.name) has both \(found); it takes exactly one of \(options)",
                           at: map.keyMark(present[1]), hint: "nest the split one level down, under its own size")
            }
            return nil
        }
        guard let node = map.required(key, sink: &sink) else { return nil }
        if key == "pane" { return sink.choice(node, "pane", PaneKind.self).map { .pane($0) } }
        let axis: LayoutNode.Axis = key == "rows" ? .rows : .columns
        return decodeSplit(node, axis: axis).map { .split(axis, $0) }
    }

    private mutating func decodeSplit(_ node: Node, axis: LayoutNode.Axis) -> [LayoutNode.Child]? {
        guard let items = sink.list(node, axis.rawValue) else { return nil }
        if items.isEmpty { sink.error("'\(axis.rawValue)' lists nothing", at: node) }
        let children = items.enumerated().compactMap { index, item in
            decodeChild(item, name: "\(axis == .rows ? "row" : "column") \(index + 1)")
        }
        let percent = children.reduce(0) { total, child in
            if case .percent(let share) = child.size { return total + share }
            return total
        }
        if percent > 100 {
            sink.error("the \(axis.rawValue) here take \(percent)% in all, more than 100%", at: node,
                       hint: "lower a share, or make one of them fill")
        }
        return children.count == items.count ? children : nil
    }

    private mutating func decodeChild(_ node: Node, name: String) -> LayoutNode.Child? {
        guard let child = MappingReader(node, name: name, sink: &sink) else { return nil }
        child.checkKeys(Self.childKeys, sink: &sink)
        let size = child.required("size", sink: &sink).flatMap { decodeSize($0) }
        let content = decodeContent(child, allowsPane: true)
        guard let size, let content else { return nil }
        return LayoutNode.Child(size: size, node: content)
    }

    private mutating func decodeSize(_ node: Node) -> LayoutSize? {
        guard let text = sink.string(node, "size") else { return nil }
        if text == "fill" { return .fill }
        if text.hasSuffix("%"), let share = Int(text.dropLast()), (1...100).contains(share) { return .percent(share) }
        if let cells = Int(text), cells >= 1 { return .fixed(cells) }
        sink.error("bad size '\(text)'\(sink.suggestion(for: text, in: ["fill"]))", at: node, hint: Self.sizeHint)
        return nil
    }

    private mutating func cells(_ node: Node, _ key: String) -> Int? {
        guard let value = sink.integer(node, key) else { return nil }
        guard value >= 1 else {
            sink.error("'\(key)' must be at least 1, found \(value)", at: node)
            return nil
        }
        return value
    }
}
