/// Which rows the metrics pane draws when not all fit: they are given out by importance, so a short pane (80x24)
/// still shows a firing trigger, then what is wrong, then what is fine; what is left out is counted on a last row
/// (`+1 OK metric · +3 triggers inactive`). Drawn in their own order whatever the order they were given out in:
/// metrics, then health checks, then triggers, with whom to escalate to under the firing ones.
struct MetricsRows: Equatable {
    /// How much a row matters to the person on call, least first.
    enum Importance: Int, Comparable {
        case inactive, ok, notOK, selected, pending, escalation, firing

        static func < (a: Importance, b: Importance) -> Bool { a.rawValue < b.rawValue }
    }

    enum Row: Hashable {
        /// The metrics' column titles.
        case metricHeader
        case metric(Int)
        /// The health section's title row, with its column titles.
        case healthHeader
        case check(Int)
        /// The index in the order triggers are drawn (most urgent first).
        case trigger(Int)
        /// Whom to escalate to, under the firing triggers.
        case escalation
        /// What did not fit, counted.
        case hidden
    }

    /// The rows drawn, top to bottom.
    var rows: [Row]
    /// Indices of what did not fit, by section.
    var hiddenMetrics: [Int] = []
    var hiddenChecks: [Int] = []
    var hiddenTriggers: [Int] = []

    /// Gives out `height` rows; `metrics`, `checks` and `triggers` are each item's importance in drawing order. A
    /// section's title row comes with its first row if it can; the count of what is left out takes a row of its own.
    /// `escalateAfter`: the trigger the escalation row is drawn under (the last firing one); nil for none.
    init(metrics: [Importance], checks: [Importance], triggers: [Importance], escalateAfter: Int? = nil, height: Int) {
        enum Section: Hashable { case metric, check, trigger, escalation }
        let cut = escalateAfter.map { min($0 + 1, triggers.count) } ?? triggers.count
        let items = metrics.indices.map { (Section.metric, $0, metrics[$0]) } + checks.indices.map { (Section.check, $0, checks[$0]) }
            + triggers.indices.prefix(cut).map { (Section.trigger, $0, triggers[$0]) }
            + (escalateAfter == nil ? [] : [(Section.escalation, 0, Importance.escalation)])
            + triggers.indices.dropFirst(cut).map { (Section.trigger, $0, triggers[$0]) }
        // Most important first; among equals, the order they are drawn in.
        let byImportance = items.indices.sorted { items[$0].2 != items[$1].2 ? items[$0].2 > items[$1].2 : $0 < $1 }
        var chosen = Set<Int>()
        // A section's title row comes with its first row when there is room; when there is not, the row goes
        // without it (a BREACH reads without column titles), and the title is added after if a row is left.
        var titled = Set<Section>(), untitled = Set<Section>()
        // The escalation row is not counted when it does not fit: it names people, not a metric or a trigger.
        let counted = items.filter { $0.0 != .escalation }.count
        func cost(_ set: Set<Int>, titles: Set<Section>) -> Int {
            let shown = set.filter { items[$0].0 != .escalation }.count
            return set.count + titles.count + (shown < counted ? 1 : 0)
        }
        // Once something does not fit, nothing less important takes a row it left: an inactive trigger never shows
        // while a BREACH is counted away.
        var missed: Importance?
        for index in byImportance {
            let (section, _, importance) = items[index]
            if let missed, importance < missed { break }
            let needsTitle = (section == .metric || section == .check) && !titled.contains(section) && !untitled.contains(section)
            if cost(chosen.union([index]), titles: needsTitle ? titled.union([section]) : titled) <= height {
                chosen.insert(index)
                if needsTitle { titled.insert(section) }
            } else if needsTitle, cost(chosen.union([index]), titles: titled) <= height {
                chosen.insert(index)
                untitled.insert(section)
            } else {
                missed = importance
            }
        }
        for section in [Section.metric, .check] where untitled.contains(section) && cost(chosen, titles: titled.union([section])) <= height {
            titled.insert(section)
        }
        rows = []
        for (index, (section, position, _)) in items.enumerated() {
            guard chosen.contains(index) else {
                switch section {
                case .metric: hiddenMetrics.append(position)
                case .check: hiddenChecks.append(position)
                case .trigger: hiddenTriggers.append(position)
                case .escalation: break
                }
                continue
            }
            switch section {
            case .metric:
                if titled.contains(.metric), !rows.contains(.metricHeader) { rows.append(.metricHeader) }
                rows.append(.metric(position))
            case .check:
                if titled.contains(.check), !rows.contains(.healthHeader) { rows.append(.healthHeader) }
                rows.append(.check(position))
            case .trigger:
                rows.append(.trigger(position))
            case .escalation:
                rows.append(.escalation)
            }
        }
        if chosen.filter({ items[$0].0 != .escalation }).count < counted, height > 0 { rows.append(.hidden) }
    }
}
