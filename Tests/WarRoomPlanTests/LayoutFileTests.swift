import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomPlan

@Suite("Layout files")
struct LayoutFileTests {
    private func pane(_ size: LayoutSize, _ kind: PaneKind) -> LayoutNode.Child { .init(size: size, node: .pane(kind)) }
    private func split(_ size: LayoutSize, _ axis: LayoutNode.Axis, _ children: [LayoutNode.Child]) -> LayoutNode.Child {
        .init(size: size, node: .split(axis, children))
    }

    @Test func defaultLayout() throws {
        let layout = try LayoutLoader.load(path: Repository.path("layouts/default.yaml"))
        let expected = LayoutSpec(name: "default", minWidth: 100, minHeight: 30, root: .split(.rows, [
            pane(.fixed(2), .header),
            split(.fill, .columns, [
                split(.percent(60), .rows, [pane(.fixed(6), .rollout), pane(.fill, .metrics)]),
                split(.fill, .rows, [pane(.fill, .checklist), pane(.fixed(9), .decisions)]),
            ]),
            pane(.percent(30), .logs),
            pane(.fixed(1), .status),
        ]))
        #expect(layout == expected)
    }

    @Test func compactLayout() throws {
        let layout = try LayoutLoader.load(path: Repository.path("layouts/compact.yaml"))
        let expected = LayoutSpec(name: "compact", minWidth: 80, minHeight: 24, root: .split(.rows, [
            pane(.fixed(2), .header),
            pane(.fixed(4), .rollout),
            pane(.fill, .metrics),
            split(.fixed(6), .columns, [pane(.percent(50), .checklist), pane(.fill, .decisions)]),
            pane(.fixed(4), .logs),
            pane(.fixed(1), .status),
        ]))
        #expect(layout == expected)
    }

    @Test func flowStyleColumns() throws {
        let layout = try LayoutLoader.load(text: """
            name: tiny
            columns: [{size: 50%, pane: metrics}, {size: fill, pane: logs}]
            """, file: "tiny.yaml")
        #expect(layout.root == .split(.columns, [pane(.percent(50), .metrics), pane(.fill, .logs)]))
        #expect(layout.minWidth == 0)
    }
}
