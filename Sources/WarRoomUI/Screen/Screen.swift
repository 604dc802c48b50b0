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
        guard width >= layout.minWidth, height >= layout.minHeight else {
            renderTooSmall(into: &buffer)
            return buffer
        }
        for (kind, rect) in LayoutSolver.solve(layout, in: buffer.area) {
            Self.paneType(kind).init(state: state, view: view).render(into: &buffer, area: rect)
        }
        if let modal = view.modal {
            DialogView(state: state, view: view, modal: modal).render(into: &buffer, area: buffer.area)
        }
        return buffer
    }

    /// Panes squeezed below their size would clip away the very numbers people need, so say what is needed,
    /// keeping the one status word visible.
    private func renderTooSmall(into buffer: inout Buffer) {
        let lines: [(String, Style)] = [
            ("\(state.plan.release.name) \(state.plan.release.version)", Style(bold: true)),
            (state.overallStatus.rawValue, Theme.style(for: state.overallStatus)),
            ("", .plain),
            ("The terminal is \(buffer.width)x\(buffer.height);", .plain),
            ("warroom needs at least \(layout.minWidth)x\(layout.minHeight).", .plain),
            ("Enlarge it, or press q to quit.", Theme.label),
        ]
        let top = max(0, (buffer.height - lines.count) / 2)
        for (index, (text, style)) in lines.enumerated() where top + index < buffer.height {
            let fitted = Text.fit(text, buffer.width)
            let x = max(0, (buffer.width - TextWidth.columns(of: fitted)) / 2)
            buffer.put(fitted, x: x, y: top + index, style: style, clip: buffer.area)
        }
        if let modal = view.modal, modal == .confirmQuit {
            DialogView(state: state, modal: modal, journalPath: view.journalPath).render(into: &buffer, area: buffer.area)
        }
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
