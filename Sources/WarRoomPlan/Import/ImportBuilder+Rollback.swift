import Foundation

extension ImportBuilder {
    /// "2–3", "1 to 4", "2": a range of stage numbers. Compiled once (see TextRules).
    nonisolated(unsafe) private static let rangePattern = #/(\d+)\s*(?:[-–—]|to)?\s*(\d+)?/#

    /// Labels of rollback fields that describe the procedure around the steps, not a step of it.
    private static let notSteps = ["decision", "communication", "trigger"]

    /// `rollback:` steps (numbered lists under Rollback Steps/Procedures), owners table and contingency plans.
    /// A step with one command in backticks becomes `{text, command}`, so the war room can show what to run.
    mutating func rollbackSection() -> [String] {
        var steps: [(text: String, line: Int)] = []
        for index in indices(under: ["rollback step", "rollback procedure", "manual rollback", "rollback checklist", "execution step"]) {
            let block = blocks[index]
            guard block.itemKind != nil else { continue }
            if let field = block.field {
                // "**Execution Steps**:" alone introduces the list below it; "**Decision Process**: …" is no step.
                if field.value.isEmpty { used.insert(index); continue }
                // Left for the report of unused rollback lines below.
                if Self.notSteps.contains(where: { field.key.lowercased().contains($0) }) { continue }
            }
            used.insert(index)
            if let text = filled(block.text) { steps.append((text, block.line)) }
        }
        var yaml = YAMLWriter()
        let owners = ownerLines()
        let contingency = contingencies()
        guard !steps.isEmpty || !owners.isEmpty || !contingency.isEmpty else { return [] }
        yaml.open("rollback")
        if !steps.isEmpty {
            yaml.open("steps", indent: 2)
            yaml.comment("from the rollback steps, line \(steps[0].line)", indent: 4)
            var commands = 0
            for step in steps {
                if let command = TextRules.command(in: step.text) {
                    yaml.record([("text", step.text), ("command", command)], indent: 4)
                    commands += 1
                } else {
                    yaml.item(step.text, indent: 4)
                }
            }
            let withCommands = commands == 0 ? "" : " (\(commands) with a command)"
            mapped.append("\(steps.count) rollback step\(steps.count == 1 ? "" : "s")\(withCommands)")
        } else {
            // Owners and contingency plans without steps: `steps` is required, so say plainly that none were given.
            yaml.pair("steps", "[]", indent: 2, raw: true)
            yaml.comment("TODO: the Markdown lists no rollback steps (a numbered list under \"Rollback Steps\")", indent: 4)
            note("no rollback steps found (a numbered list under \"Rollback Steps\"); steps left empty", line: 1, column: 1)
        }
        var lines = yaml.lines
        lines += owners
        if !contingency.isEmpty {
            lines.append("  contingency:")
            for plan in contingency { lines.append("    - " + YAMLText.scalar(plan)) }
            mapped.append("\(contingency.count) contingency plan\(contingency.count == 1 ? "" : "s")")
        }
        return lines
    }

    /// Filled-in lines under a rollback heading that no section took (what an automated rollback does by itself,
    /// say): reported once every section has had its pick, so nothing written there disappears silently.
    mutating func reportUnusedRollbackItems() {
        for index in indices(under: ["rollback"]) {
            let block = blocks[index]
            guard let kind = block.itemKind else { continue }
            if case .checkbox = kind { continue }
            let body = block.field.map(\.value) ?? block.text
            guard filled(body) != nil else { continue }
            used.insert(index)
            let what = block.field.map { "\"\(TextRules.plain($0.key))\"" } ?? "\"\(TextRules.plain(block.text))\""
            note("\(what) under \"\(block.context)\" is neither a trigger nor a rollback step; not imported", at: block)
        }
    }

    /// `owners:` from a table with Primary / Backup columns; phase ranges such as "Phase 0–1" name stages.
    private mutating func ownerLines() -> [String] {
        guard let index = tables(with: [["primary"]]).first, let table = blocks[index].table else { return [] }
        used.insert(index)
        let primary = table.column("primary"), backup = table.column("backup", "secondary")
        noteUnread(table, read: [0, primary, backup], title: blocks[index].context)
        var yaml = YAMLWriter()
        yaml.open("owners", indent: 2)
        yaml.comment(origin(blocks[index].context, kind: "table", line: table.line), indent: 4)
        var count = 0
        let keys = stageNames.map { name -> StageKey in
            (name, name.count <= MarkdownParser.titleLimit ? name.lowercased() : "", TextRules.stageNumber(in: name))
        }
        for row in table.rows {
            guard let scope = filled(row.first?.text) else {
                noteSkipped(row, of: blocks[index].context, why: "it names no stage")
                continue
            }
            let stages = stages(for: scope, among: keys)
            if stages.isEmpty, let cell = row.first {
                note("rollback owners row \"\(scope)\" names no stage of this plan; written as \"all\"", line: cell.line, column: cell.column)
            }
            let list = stages.isEmpty ? "all" : "[" + stages.map(YAMLText.flowItem).joined(separator: ", ") + "]"
            yaml.record([("stages", list), ("primary", filled(primary.flatMap { row[safe: $0]?.text })),
                         ("backup", filled(backup.flatMap { row[safe: $0]?.text }))], indent: 4, raw: ["stages"])
            count += 1
        }
        guard count > 0 else { return [] }
        mapped.append("\(count) rollback owner row\(count == 1 ? "" : "s") from the \(blocks[index].context) table")
        return yaml.lines
    }

    /// A stage name as owner rows look for it: lower case, and its number ("Phase 2").
    private typealias StageKey = (name: String, lower: String, number: Int?)

    /// "Phase 2–3" → the stages whose names start "Phase 2" and "Phase 3"; "all" → every stage.
    private func stages(for scope: String, among keys: [StageKey]) -> [String] {
        let lower = scope.lowercased()
        if lower.contains("all") { return [] }
        guard let match = TextRules.firstNumber(in: lower, matching: Self.rangePattern), let low = Int(match.1) else {
            // Long text is not searched for names: each search costs the product of the two lengths.
            guard lower.count <= MarkdownParser.titleLimit else { return [] }
            return keys.filter { $0.name.count <= MarkdownParser.titleLimit && lower.contains($0.lower) }.map(\.name)
        }
        let high = match.2.flatMap { Int($0) } ?? low
        guard low <= high else { return [] }
        // In range order, then name order; numbered from the names, not by counting through the range, which
        // the Markdown could make as long as it likes.
        let numbered = keys.enumerated().compactMap { offset, key -> (number: Int, offset: Int)? in
            guard let number = key.number, (low...high).contains(number) else { return nil }
            return (number, offset)
        }
        return numbered.sorted { ($0.number, $0.offset) < ($1.number, $1.offset) }.map { keys[$0.offset].name }
    }

    /// "**If rollback fails:** …" and "**Plan A**: …" lines under a Contingency heading or label.
    private mutating func contingencies() -> [String] {
        var plans: [String] = []
        for index in indices(under: ["contingency"]) {
            let block = blocks[index]
            guard let field = block.field, !field.value.isEmpty else { continue }
            used.insert(index)
            if let value = filled(field.value) { plans.append("\(TextRules.plain(field.key)): \(value)") }
        }
        return plans
    }

    /// `decision_points:` from "T+15 minutes: Initial health check" items or headings.
    mutating func decisionPointsSection() -> [String] {
        var yaml = YAMLWriter()
        var count = 0
        for index in blocks.indices where !used.contains(index) {
            let block = blocks[index]
            let isHeading = if case .heading = block.kind { true } else { false }
            guard block.itemKind != nil || isHeading, let (at, rest) = TextRules.offset(in: TextRules.plain(block.text)),
                  at.hasPrefix("T+"), block.context.lowercased().contains("decision") || isHeading
            else { continue }
            used.insert(index)
            let title = rest.trimmingCharacters(in: CharacterSet(charactersIn: " :-—–"))
            if count == 0 {
                yaml.open("decision_points")
                yaml.comment(origin(block.context, kind: "list", line: block.line), indent: 2)
            }
            yaml.record([("at", at), ("title", title.isEmpty ? "Decision at \(at)" : title)], indent: 2)
            count += 1
        }
        if count > 0 { mapped.append("\(count) decision point\(count == 1 ? "" : "s")") }
        return yaml.lines
    }
}
