import WarRoomCore

/// Composes the whole war room: every pane of the layout, then the open dialog on top.
public struct Screen {
    let state: AppState
    let view: ViewState
    let layout: LayoutSpec

    public init(state: AppState, view: ViewState, layout: LayoutSpec) {
        self.state = state
        self.view = view
        self.layout = layout
    }

    public func render(width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        for (kind, rect) in LayoutSolver.solve(layout, in: buffer.area) {
            Self.paneType(kind).init(state: state, view: view).render(into: &buffer, area: rect)
        }
        if let modal = view.modal {
            DialogView(state: state, modal: modal).render(into: &buffer, area: buffer.area)
        }
        return buffer
    }

    static func paneType(_ kind: PaneKind) -> any Pane.Type {
        switch kind {
        case .header: HeaderPane.self
        case .rollout: RolloutPane.self
        case .metrics: MetricsPane.self
        case .checklist: ChecklistPane.self
        case .decisions: DecisionsPane.self
        case .logs: LogsPane.self
        case .status: StatusBar.self
        }
    }

    /// The layout to use: the one asked for, unless the terminal is smaller than it needs.
    public static func pickLayout(preferred: LayoutSpec, fallback: LayoutSpec, width: Int, height: Int) -> LayoutSpec {
        width >= preferred.minWidth && height >= preferred.minHeight ? preferred : fallback
    }
}
