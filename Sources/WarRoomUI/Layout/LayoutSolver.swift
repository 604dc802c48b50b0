import WarRoomCore

/// Turns a layout description into a rectangle per pane for a given screen size.
public enum LayoutSolver {
    public static func solve(_ spec: LayoutSpec, in area: Rect) -> [PaneKind: Rect] {
        var result: [PaneKind: Rect] = [:]
        place(spec.root, in: area, into: &result)
        return result
    }

    private static func place(_ node: LayoutNode, in area: Rect, into result: inout [PaneKind: Rect]) {
        switch node {
        case .pane(let kind):
            result[kind] = area
        case .split(let axis, let children):
            let total = axis == .rows ? area.height : area.width
            let sizes = distribute(children.map(\.size), total: total)
            var offset = 0
            for (child, size) in zip(children, sizes) {
                let rect = axis == .rows
                    ? Rect(x: area.x, y: area.y + offset, width: area.width, height: size)
                    : Rect(x: area.x + offset, y: area.y, width: size, height: area.height)
                place(child.node, in: rect, into: &result)
                offset += size
            }
        }
    }

    /// Fixed sizes first, then percentages of the whole, then the rest shared by `fill`s;
    /// when space runs out, later children shrink first.
    static func distribute(_ sizes: [LayoutSize], total: Int) -> [Int] {
        var wanted = sizes.map { size -> Int in
            switch size {
            case .fixed(let cells): cells
            case .percent(let percent): total * percent / 100
            case .fill: 0
            }
        }
        let fills = sizes.indices.filter { sizes[$0] == .fill }
        let free = total - wanted.reduce(0, +)
        for (order, index) in fills.enumerated() {
            wanted[index] = max(0, free / fills.count + (order < free % max(1, fills.count) ? 1 : 0))
        }
        var remaining = total
        return wanted.map { size in
            let granted = max(0, min(size, remaining))
            remaining -= granted
            return granted
        }
    }
}
