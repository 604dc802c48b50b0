/// The panes of the war room screen.
public enum PaneKind: String, Sendable, Codable, Hashable, CaseIterable {
    case header, rollout, metrics, checklist, decisions, logs, status
}

/// How much of a split one child takes.
public enum LayoutSize: Sendable, Codable, Hashable {
    case fixed(Int)
    case percent(Int)
    case fill
}

/// A pane arrangement as a layout file describes it: rows and columns of panes.
public indirect enum LayoutNode: Sendable, Codable, Hashable {
    public enum Axis: String, Sendable, Codable, Hashable { case rows, columns }

    case pane(PaneKind)
    case split(Axis, [Child])

    public struct Child: Sendable, Codable, Hashable {
        public var size: LayoutSize
        public var node: LayoutNode
        public init(size: LayoutSize, node: LayoutNode) {
            self.size = size
            self.node = node
        }
    }
}

/// A named layout, with the smallest terminal it is meant for.
public struct LayoutSpec: Sendable, Codable, Hashable {
    public var name: String
    public var minWidth: Int
    public var minHeight: Int
    public var root: LayoutNode

    public init(name: String, minWidth: Int, minHeight: Int, root: LayoutNode) {
        self.name = name
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.root = root
    }
}
