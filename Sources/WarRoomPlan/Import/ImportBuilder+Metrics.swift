import Foundation
import WarRoomCore

extension ImportBuilder {
    /// `metrics:` from tables headed Metric | Baseline | Success … | Alert …; units inferred from the cells.
    mutating func metricsSection() -> [String] {
        var yaml = YAMLWriter()
        var count = 0
        var origins: [String] = []
        var limited = false
        for index in tables(with: [["metric", "kpi"], ["success", "alert", "threshold", "target"]]) {
            let block = blocks[index]
            guard let table = block.table, let nameColumn = table.column("metric", "kpi") else { continue }
            let baseline = table.column("baseline", "current")
            let success = table.column("success", "target")
            let alert = table.column("alert", "rollback")
            // "Success Metric" in an A/B test list names the metric and the threshold at once: no thresholds there.
            guard [success, alert].contains(where: { $0 != nil && $0 != nameColumn }) else { continue }
            used.insert(index)
            let title = block.context
            var rows = YAMLWriter()
            let before = count
            for row in table.rows {
                guard let nameCell = row[safe: nameColumn], let label = filled(nameCell.text) else {
                    noteSkipped(row, of: title, why: "it names no metric")
                    continue
                }
                guard metrics.count < Self.itemLimit else {
                    if !limited { noteLimit("metric", line: nameCell.line, column: nameCell.column) }
                    limited = true
                    break
                }
                if emitMetric(label, row: row, baseline: baseline, success: success, alert: alert, yaml: &rows) { count += 1 }
            }
            noteUnread(table, read: [nameColumn, baseline, success, alert], title: title)
            guard count > before else { continue }
            if before == 0 { yaml.open("metrics") }
            yaml.comment(origin(title, kind: "table", line: table.line), indent: 2)
            yaml.append(rows)
            origins.append(title.isEmpty ? "line \(table.line)" : "the \(title) table")
        }
        guard count > 0 else {
            yaml.pair("metrics", "[]", raw: true)
            yaml.comment("TODO: no metric table (Metric | Baseline | Success Threshold | Alert Threshold) was found")
            note("no metrics table found; a plan watches at least one metric", line: 1, column: 1)
            return yaml.lines
        }
        mapped.append("\(count) metric\(count == 1 ? "" : "s") from \(origins.joined(separator: " and "))")
        return yaml.lines
    }

    private mutating func emitMetric(_ label: String, row: [MarkdownTable.Cell], baseline: Int?, success: Int?,
                                     alert: Int?, yaml: inout YAMLWriter) -> Bool {
        let name = TextRules.snakeCase(label)
        guard !name.isEmpty, !metrics.contains(where: { $0.name == name }) else {
            let why = name.isEmpty ? "its name \"\(label)\" has no letter or digit" : "metric \(name) is already taken from an earlier row"
            note("metrics row not imported: \(why)", line: row[0].line, column: row[0].column)
            return false
        }
        let cells = (baseline: baseline.flatMap { row[safe: $0] }, success: success.flatMap { row[safe: $0] },
                     alert: alert.flatMap { row[safe: $0] })
        func measure(_ cell: MarkdownTable.Cell?) -> TextRules.Measure? {
            filled(cell?.text).flatMap(TextRules.measure)
        }
        var base = measure(cells.baseline), good = measure(cells.success), bad = measure(cells.alert)
        let units = Set([base, good, bad].compactMap { $0?.unit })
        let unit = units.count == 1 ? units.first! : (units.contains(.milliseconds) ? .milliseconds : .count)
        if units.count > 1 {
            note("metric \(name): cells mix units \(units.map(\.rawValue).sorted().joined(separator: ", ")); using \(unit.rawValue)",
                 line: row[0].line, column: row[0].column)
        }
        let perMinute = [(base, cells.baseline), (good, cells.success), (bad, cells.alert)].filter { $0.0?.rate == .minute }
        metrics.append((name, unit))
        metricWords.append(TextRules.words(name))
        yaml.pair("- name", name, indent: 2)
        if unit != .count { yaml.pair("unit", unit.rawValue, indent: 4) }
        if let found = perMinute.first, let first = found.0, let cell = found.1 {
            let written = first.written ?? "/min"
            if unit == .requestsPerSecond {
                // Beside a per-second cell, the per-minute ones are the same rate in other numbers: converted.
                func perSecond(_ value: inout TextRules.Measure?) {
                    guard let found = value, found.rate == .minute, let number = Double(found.number),
                          let converted = Rate.written(Rate(number: number, basis: .minute).converted(to: .second)) else { return }
                    value?.number = converted
                }
                perSecond(&base)
                perSecond(&good)
                perSecond(&bad)
                assume("metric \(name): the per-minute values (\"\(cell.text)\") divided by 60 into rps, the unit of its other cells",
                       line: cell.line, column: cell.column)
            } else {
                rateBasis[name] = .minute
                yaml.comment("per minute (\"\(written)\"): the format has no such unit; feed it counts per minute, e.g. log: with count: and window: 1m", indent: 4)
                assume("metric \(name): \"\(cell.text)\" read as a count per minute, without a unit (the plan format has none per minute); feed it counts per 1m window",
                       line: cell.line, column: cell.column)
            }
        } else if let cell = [cells.baseline, cells.success, cells.alert].compactMap({ $0 }).first(where: {
            measure($0)?.rate == .second && !$0.text.lowercased().contains("rps") && !$0.text.lowercased().contains("req")
        }) {
            // "30/s" says per second but not of what: rps is the format's one rate, so that is what it becomes.
            assume("metric \(name): \"\(cell.text)\" read as a rate per second, unit rps", line: cell.line, column: cell.column)
        }
        if let base { yaml.pair("baseline", base.number, indent: 4, raw: true) }
        var successOp = good?.comparison, alertOp = bad?.comparison
        // A bare number on one side takes the opposite of the other side's comparison.
        if successOp == nil, let op = alertOp { successOp = op.hasPrefix(">") ? "<" : ">" }
        if alertOp == nil, let op = successOp { alertOp = op.hasPrefix(">") ? "<" : ">" }
        for (key, value, op, cell) in [("success", good, successOp, cells.success), ("alert", bad, alertOp, cells.alert)] {
            if let value, let op {
                yaml.pair(key, "\(op) \(value.number)", indent: 4)
            } else {
                let at = cell ?? row[0]
                let why = cell == nil ? "no \(key) column" : (Placeholder.isFilled(at.text) ? "\"\(at.text)\" is not a bound such as < 250ms" : "the cell is a placeholder")
                yaml.comment("TODO line \(at.line): fill in the \(key) bound of \(name) (required)", indent: 4)
                note("metric \(name): \(key) left out (required): \(why)", line: at.line, column: at.column)
            }
        }
        return true
    }
}
