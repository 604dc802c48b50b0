import Foundation

/// A stage as read from the Markdown, before it is written.
struct StageDraft {
    var name: String
    var traffic: String?
    var minDuration: String?
    var comments: [String] = []
}

extension ImportBuilder {
    // Compiled once (see TextRules).
    nonisolated(unsafe) private static let phasePattern = #/(?:Phase|Stage)\s+\d+\s*:\s*(.+)/#
    nonisolated(unsafe) private static let stepPattern = #/(\d+(?:\.\d+)?)\s*%(?:\s+for\s+(\d+\s*[A-Za-z]+))?/#

    /// `stages:` from a phases/stages table, a numbered "Rollout Stages" list, a strategy line such as
    /// "5% for 15 minutes, 25% …", or "Phase N: …" headings — the first of these the document has.
    mutating func stagesSection() -> (lines: [String], traffic: [Double]) {
        var yaml = YAMLWriter()
        var drafts: [StageDraft] = []
        var source = ""
        if let index = tables(with: [["phase", "stage"], ["scope", "traffic", "users", "duration", "percentage"]]).first {
            used.insert(index)
            drafts = stagesFromTable(blocks[index])
            source = origin(blocks[index].context, kind: "table", line: blocks[index].line)
        }
        if drafts.isEmpty {
            // Under a plain "Rollout" or "Canary" heading, a numbered item is a stage when it names a share of traffic.
            let named = Set(indices(under: ["rollout stage", "stages", "rollout schedule"]))
            let loose = Set(indices(under: ["rollout", "canary"]).filter { TextRules.percent(in: blocks[$0].text) != nil })
            let items = named.union(loose).sorted().filter {
                if case .numbered = blocks[$0].itemKind { true } else { false }
            }
            for index in items {
                used.insert(index)
                if let draft = stageFromItem(blocks[index], number: drafts.count + 1) { drafts.append(draft) }
            }
            if let first = items.first { source = origin(blocks[first].context, kind: "list", line: blocks[first].line) }
        }
        if drafts.isEmpty, let method = strategyField(), !method.value.isEmpty {
            let unfilled = Self.unfilled(method.value, line: method.block.line)
            drafts = stagesFromSteps(TextRules.plain(unfilled.text))
            if !drafts.isEmpty { drafts[0].comments += unfilled.todos }
            source = "from the \(method.field.key) line, line \(method.block.line)"
        }
        if drafts.isEmpty {
            for index in blocks.indices {
                guard case .heading = blocks[index].kind,
                      let match = blocks[index].text.firstMatch(of: Self.phasePattern) else { continue }
                used.insert(index)
                drafts.append(stageFromHeading(at: index, name: String(match.1).trimmingCharacters(in: .whitespaces)))
                if source.isEmpty { source = "from the \"Phase N:\" headings, line \(blocks[index].line)" }
            }
        }
        guard !drafts.isEmpty else {
            yaml.open("stages")
            yaml.comment("TODO: no rollout stages or phases were found; a plan needs at least one stage", indent: 2)
            note("no rollout stages or phases found; stages need at least one entry", line: 1, column: 1)
            return (yaml.lines, [])
        }
        if drafts.count > Self.itemLimit {
            noteLimit("stage", line: 1, column: 1)
            drafts.removeSubrange(Self.itemLimit...)
        }
        yaml.open("stages")
        yaml.comment(source, indent: 2)
        var seen: Set<String> = []
        for draft in drafts {
            var name = draft.name
            while seen.contains(name) { name += " (2)" }
            seen.insert(name)
            stageNames.append(name)
            for comment in draft.comments { yaml.comment(comment, indent: 2) }
            yaml.pair("- name", name, indent: 2)
            if let traffic = draft.traffic { yaml.pair("traffic", traffic + "%", indent: 4) }
            if let duration = draft.minDuration { yaml.pair("min_duration", duration, indent: 4) }
        }
        mapped.append("\(drafts.count) stage\(drafts.count == 1 ? "" : "s") \(source)")
        return (yaml.lines, drafts.compactMap { $0.traffic.flatMap(Double.init) })
    }

    /// The `**Method**:` / `**Strategy**:` field, which names the strategy and sometimes its steps.
    mutating func strategyField() -> (value: String, block: MarkdownBlock, field: MarkdownField)? {
        for index in blocks.indices {
            guard let field = blocks[index].field,
                  ["method", "strategy", "deployment strategy", "rollout approach"].contains(field.key.lowercased())
            else { continue }
            used.insert(index)
            return (field.value, blocks[index], field)
        }
        return nil
    }

    private mutating func stagesFromTable(_ block: MarkdownBlock) -> [StageDraft] {
        guard let table = block.table else { return [] }
        let nameColumn = table.column("phase", "stage") ?? 0
        let trafficColumns = [table.column("traffic", "percentage"), table.column("scope"), table.column("users")].compactMap { $0 }
        let durationColumn = table.column("duration", "timeline")
        let extra = [table.column("success", "criteria"), table.column("go")].compactMap { $0 }
        var drafts: [StageDraft] = []
        noteUnread(table, read: [nameColumn, durationColumn] + trafficColumns + extra, title: block.context)
        for row in table.rows {
            guard let cell = row[safe: nameColumn], let name = filled(cell.text) else {
                noteSkipped(row, of: block.context, why: "it names no stage")
                continue
            }
            var draft = StageDraft(name: name)
            let trafficCells = trafficColumns.compactMap { row[safe: $0] }
            draft.traffic = trafficCells.compactMap { filled($0.text).flatMap(TextRules.percent(in:)) }.first
            if draft.traffic == nil, let first = trafficCells.first, let text = filled(first.text) {
                draft.comments.append("traffic left out: \"\(text)\" is not a share of traffic")
                note("stage \"\(name)\": traffic left out, \"\(text)\" gives no percentage", line: first.line, column: first.column)
            } else if draft.traffic == nil, let unfilled = trafficCells.first(where: { !$0.text.isEmpty && !Placeholder.isFilled($0.text) }) {
                draft.comments += Self.unfilled(unfilled.text, line: unfilled.line, standsFor: .traffic).todos
            }
            if let cell = durationColumn.flatMap({ row[safe: $0] }), !cell.text.isEmpty {
                if let text = filled(cell.text) {
                    draft.minDuration = TextRules.duration(in: text)
                    if draft.minDuration == nil, text.lowercased() != "ongoing" {
                        note("stage \"\(name)\": duration \"\(text)\" is not a duration", line: cell.line, column: cell.column)
                    }
                } else {
                    draft.comments += Self.unfilled(cell.text, line: cell.line, standsFor: .duration).todos
                    noteUnfilledDuration(of: name, line: cell.line, column: cell.column)
                }
            }
            for column in extra {
                guard let cell = row[safe: column], let text = filled(cell.text) else { continue }
                draft.comments.append("\(table.header[column].text.lowercased()): \(text)")
            }
            drafts.append(draft)
        }
        return drafts
    }

    /// A "Phase N: …" heading and the fields under it: the share of users from Target Users or Rollout Schedule,
    /// the minimum duration from Timeline, the success criteria kept as a comment.
    private mutating func stageFromHeading(at heading: Int, name: String) -> StageDraft {
        var draft = StageDraft(name: name)
        var audience: [(text: String, block: MarkdownBlock)] = []
        // The fields up to the next heading sit under exactly the heading's own titles.
        let section = blocks[heading].headings
        var index = heading + 1
        while index < blocks.count, blocks[index].headings == section {
            defer { index += 1 }
            guard let field = blocks[index].field, !field.value.isEmpty else { continue }
            let key = field.key.lowercased()
            let isAudience = key.contains("target users") || key.contains("rollout schedule") || key.contains("traffic")
            let isDuration = key.contains("timeline") || key.contains("duration")
            guard let value = filled(field.value) else {
                // A template's "**Timeline**: [Start and end dates]": the stage stays, with what is missing said.
                guard isAudience || isDuration else { continue }
                used.insert(index)
                if isDuration { noteUnfilledDuration(of: name, line: blocks[index].line, column: field.valueColumn) }
                if isAudience, draft.comments.contains(where: { $0.hasPrefix("TODO: traffic") }) { continue }
                draft.comments += Self.unfilled(field.value, line: blocks[index].line, standsFor: isDuration ? .duration : .traffic).todos
                continue
            }
            if isAudience {
                used.insert(index)
                audience.append((value, blocks[index]))
            } else if isDuration {
                used.insert(index)
                draft.minDuration = TextRules.duration(in: value)
                if draft.minDuration == nil {
                    note("stage \"\(name)\": timeline \"\(value)\" gives no duration; min_duration left out", at: blocks[index])
                }
            } else if key.contains("success criteria") {
                used.insert(index)
                draft.comments.append("success criteria: \(value)")
            }
        }
        draft.traffic = audience.lazy.compactMap { TextRules.percent(in: $0.text) }.first
        if draft.traffic == nil, let first = audience.first {
            draft.comments.append("traffic left out: \"\(first.text)\" is not a share of traffic")
            note("stage \"\(name)\": traffic left out, \"\(first.text)\" gives no percentage", at: first.block)
        }
        return draft
    }

    /// `**Stage 1:** Canary - 5% of traffic for 30 minutes`. A placeholder in it (`for ___ minutes`) does not drop
    /// the stage: it is kept with what it gives, and a TODO says what the placeholder stood for.
    private mutating func stageFromItem(_ block: MarkdownBlock, number: Int) -> StageDraft? {
        let field = block.field
        let label = field.flatMap { filled($0.key) }
        let body = field?.value ?? block.text
        let unfilled = Self.unfilled(body, line: block.line)
        let text = TextRules.plain(unfilled.text)
        guard Self.hasContent(text) || !unfilled.todos.isEmpty else { return nil }
        let parts = text.components(separatedBy: " - ")
        var name = (parts.count > 1 ? parts[0] : (label ?? TextRules.plain(unfilled.beforeFirst))).trimmingCharacters(in: .whitespaces)
        if !Self.hasContent(name) { name = label ?? "Stage \(number)" }
        var draft = StageDraft(name: name)
        draft.comments = unfilled.todos
        draft.traffic = TextRules.percent(in: text)
        draft.minDuration = TextRules.duration(in: parts.count > 1 ? parts.dropFirst().joined(separator: " - ") : text)
        let trafficTodo = unfilled.todos.contains { $0.hasPrefix("TODO: traffic") }
        if draft.traffic == nil, !trafficTodo {
            note("stage \"\(draft.name)\": no traffic percentage", at: block)
        }
        if draft.minDuration == nil, unfilled.todos.contains(where: { $0.hasPrefix("TODO: duration") }) {
            noteUnfilledDuration(of: draft.name, line: block.line, column: block.column)
        }
        return draft
    }

    /// Says in the report that a stage's duration is still to be filled in, and what its absence means meanwhile.
    private mutating func noteUnfilledDuration(of stage: String, line: Int, column: Int) {
        note("stage \"\(stage)\" kept without min_duration: its duration is a placeholder; until it is filled in, the stage is ready to promote at once",
             line: line, column: column)
    }

    /// What a placeholder in a stage's text stood for.
    enum StagePart {
        case duration
        case traffic
    }

    /// Letters or digits: a name or a text that says something once its placeholders are gone.
    static func hasContent(_ text: String) -> Bool {
        text.contains { $0.isLetter || $0.isNumber }
    }

    /// `text` without its placeholders, the text before the first one, and a TODO comment for each, naming what it
    /// stood for: a duration when a time unit follows it or its words say so (`___ minutes`, `[Duration]`), traffic
    /// when a `%` does (`___%`, `[X]% of users`). `standsFor` is what the caller knows the text to be (a column's).
    static func unfilled(_ text: String, line: Int, standsFor known: StagePart? = nil)
        -> (text: String, beforeFirst: String, todos: [String]) {
        let found = Placeholder.find(in: text)
        guard let first = found.first else { return (text, text, []) }
        let chars = Array(text)
        let timeUnits: Set<String> = ["s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes",
                                      "h", "hr", "hrs", "hour", "hours", "d", "day", "days", "w", "week", "weeks"]
        var kept = "", cursor = 0, todos: [String] = []
        for placeholder in found {
            let start = min(max(placeholder.offset, cursor), chars.count)
            kept += String(chars[cursor..<start])
            cursor = min(start + placeholder.text.count, chars.count)
            let following = chars[cursor...].prefix(24).drop { $0 == " " }
            let word = String(following.prefix { $0.isLetter }).lowercased()
            let lower = placeholder.text.lowercased()
            let shown = placeholder.text.count > 48 ? String(placeholder.text.prefix(45)) + "…" : placeholder.text
            var parts: [StagePart] = []
            if let known {
                parts = [known]
            } else {
                if timeUnits.contains(word) || ["duration", "time", "minute", "hour", "day", "week"].contains(where: { lower.contains($0) }) {
                    parts.append(.duration)
                }
                if lower.hasSuffix("%") || following.first == "%" || ["percent", "traffic", "%"].contains(where: { lower.contains($0) }) {
                    parts.append(.traffic)
                }
            }
            for part in parts {
                switch part {
                case .duration:
                    let quoted = timeUnits.contains(word) ? "\(shown) \(word)" : shown
                    todos.append("TODO: duration was a placeholder (\"\(quoted)\") at line \(line)")
                case .traffic:
                    let quoted = following.first == "%" && !lower.hasSuffix("%") ? shown + "%" : shown
                    todos.append("TODO: traffic was a placeholder (\"\(quoted)\") at line \(line)")
                }
            }
            if parts.isEmpty { todos.append("TODO: \"\(shown)\" at line \(line) was never filled in") }
        }
        kept += String(chars[cursor...])
        let before = String(chars[..<min(first.offset, chars.count)])
            .trimmingCharacters(in: CharacterSet(charactersIn: " -—–:,(")).replacingOccurrences(of: " for", with: "", options: [.anchored, .backwards])
        let collapsed = kept.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return (collapsed, before, todos)
    }

    /// "5% for 15 minutes → 25% for 30 minutes → 100%": one stage per percentage.
    private func stagesFromSteps(_ text: String) -> [StageDraft] {
        let kind = text.prefix { $0.isLetter || $0 == " " || $0 == "-" }.trimmingCharacters(in: .whitespaces)
        let prefix = kind.isEmpty ? "" : kind + " "
        return TextRules.numbers(in: text, matching: Self.stepPattern).map { match in
            StageDraft(name: "\(prefix)\(match.1)%", traffic: String(match.1), minDuration: match.2.flatMap { TextRules.duration(in: String($0)) })
        }
    }

    /// `strategy:` from a ticked "Rollout Approach" box or a Method field; else inferred from stage traffic.
    /// Returns the value written and the Markdown text that named it, which may also name the flag.
    mutating func strategySection(traffic: [Double]) -> (lines: [String], value: String?, wording: String?) {
        var yaml = YAMLWriter()
        let options: [(words: [String], value: String)] = [
            (["big bang", "big-bang", "all at once"], "big-bang"), (["canary", "progressive", "phased"], "canary"),
            (["blue-green", "blue green", "blue/green"], "blue-green"), (["feature flag", "feature-flag"], "feature-flag"),
        ]
        func match(_ text: String) -> String? {
            let lower = text.lowercased()
            return options.first { $0.words.contains { lower.hasPrefix($0) } }?.value
        }
        var found: String?
        var wording: String?
        for index in indices(under: ["rollout approach", "deployment strategy", "strategy"]) {
            guard case .checkbox(let checked) = blocks[index].itemKind else { continue }
            used.insert(index)
            if checked, found == nil {
                found = match(blocks[index].text)
                wording = blocks[index].text
            }
        }
        if found != nil { mapped.append("strategy from the ticked Rollout Approach box") }
        if found == nil, let method = strategyField(), let text = filled(method.value) {
            found = match(text)
            wording = text
            if found != nil { mapped.append("strategy from the \(method.field.key) line") }
            else { note("strategy \"\(text)\" is not big-bang, canary, blue-green or feature-flag", line: method.block.line, column: method.field.valueColumn) }
        }
        if found == nil, traffic.count > 1 {
            found = "canary"
            mapped.append("strategy canary inferred from the stages' growing traffic")
            yaml.comment("inferred: the stages grow traffic step by step")
        }
        if let found {
            yaml.pair("strategy", found)
        } else {
            yaml.comment("TODO: fill in strategy (required): big-bang, canary, blue-green or feature-flag")
            note("strategy is required but no approach is ticked or named", line: 1, column: 1)
        }
        return (yaml.lines, found, wording)
    }
}
