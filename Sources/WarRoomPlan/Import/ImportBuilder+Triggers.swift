import Foundation
import WarRoomCore

extension ImportBuilder {
    // Compiled once (see TextRules).
    nonisolated(unsafe) private static let consecutivePattern =
        #/^(.*?)(?:health ?check|check|probe)s?\s+fails?\s+(?:for\s+)?(\d+)\s+consecutive/#
    nonisolated(unsafe) private static let dropPattern =
        #/^(.+?)\s+(?:drops|falls|decreases)\s+(?:by\s+)?(?:more than\s+|over\s+)?(\d+(?:\.\d+)?)%\s*(?:within|in)\s+(.+)$/#
    nonisolated(unsafe) private static let thresholdPattern = try! Regex(
        #"(\d+(?:\.\d+)?)\s*(%|ms|"# + Rate.unitPattern + #"|s|x\s+(?:the\s+)?baseline|×\s*baseline)?"#
            + #"(?:\s+(?:for|sustained for|over)\s+(?:more than\s+|>\s*|at least\s+)?(\d+\s*[a-z]+))?"#,
        as: (Substring, Substring, Substring?, Substring?).self)

    /// Titles whose items are conditions for rolling back: every bullet under one is a trigger or is reported as
    /// not mapped, and never becomes a checklist item.
    static let triggerTitles = ["rollback trigger", "rollback criteria", "rollback condition", "automatic rollback",
                                "when to rollback", "when to roll back", "roll back when", "roll back if", "rollback if",
                                "abort criteria", "abort condition", "abort trigger", "abort if", "kill criteria", "triggers"]
    /// Labels inside a rollback-criteria section that introduce something else (its decision points, its steps).
    private static let notTriggerTitles = ["decision", "step", "procedure", "owner", "communication", "contingency"]

    /// Whether a block sits under rollback criteria: its own title says so, or an enclosing heading does and its
    /// own title (a bold label, say) names nothing else.
    func isUnderTriggerTitle(_ index: Int) -> Bool {
        let context = contexts[index]
        if Self.triggerTitles.contains(where: { context.contains($0) }) { return true }
        guard !Self.notTriggerTitles.contains(where: { context.contains($0) }) else { return false }
        return blocks[index].headings.contains { heading in
            heading.count <= MarkdownParser.titleLimit && Self.triggerTitles.dropLast().contains { heading.lowercased().contains($0) }
        }
    }

    /// `triggers:` from the items under rollback criteria that read as rules; the rest become notes and TODO comments.
    /// In a list of checkboxes where some are ticked, the ticked ones are the team's triggers and the others are left
    /// out (and reported); where none is ticked, the boxes are only the template's style, so all are taken.
    mutating func triggersSection() -> [String] {
        var yaml = YAMLWriter()
        var rules: [String] = []
        var todos: [String] = []
        var candidates: [(index: Int, text: String, column: Int)] = []
        var taken = Set<Int>()
        for index in blocks.indices where !used.contains(index) && blocks[index].itemKind != nil && isUnderTriggerTitle(index) {
            // "**Critical Errors**: error rate above 2% for 5 minutes": the label names the kind, the value is the rule.
            taken.insert(index)
            if let field = blocks[index].field, !field.value.isEmpty {
                candidates.append((index, field.value, field.valueColumn))
            } else {
                candidates.append((index, blocks[index].text, blocks[index].column))
            }
        }
        // "**Trigger Conditions**: …" inside a rollback procedure.
        for index in indices(under: ["rollback"]) where blocks[index].itemKind != nil {
            guard let field = blocks[index].field, field.key.lowercased().contains("trigger condition"), !field.value.isEmpty,
                  !taken.contains(index) else { continue }
            taken.insert(index)
            candidates.append((index, field.value, field.valueColumn))
        }
        // One-line checklists put the trigger inside a rollback checklist: "Trigger: error rate > 1% for 5m".
        for index in indices(under: ["rollback checklist"]) where blocks[index].itemKind != nil {
            let text = blocks[index].text
            guard text.lowercased().hasPrefix("trigger:"), !taken.contains(index) else { continue }
            taken.insert(index)
            candidates.append((index, String(text.dropFirst(8)), blocks[index].column + 8))
        }
        candidates.sort { $0.index < $1.index }
        // Boxes still holding a placeholder are no trigger either way: only filled-in boxes count as the list.
        let unticked = untickedInTickedLists(candidates.filter { filled($0.text) != nil }.map(\.index))
        for candidate in candidates {
            used.insert(candidate.index)
            let block = blocks[candidate.index]
            guard let text = filled(candidate.text) else { continue }
            if let ticked = unticked[candidate.index] {
                todos.append("not ticked, left out (line \(block.line)): \"\(text)\"")
                note("trigger \"\(text)\" left out: its box is not ticked, and \(ticked) in this list \(ticked == 1 ? "is" : "are")",
                     line: block.line, column: block.column)
                continue
            }
            switch reading(from: text) {
            case .success(let reading):
                rules.append(reading.rule)
                if let assumption = reading.assumption {
                    assume("trigger \"\(text)\" written as \"\(reading.rule)\": \(assumption)", line: block.line, column: candidate.column)
                }
            case .failure(let reason):
                todos.append("TODO line \(block.line): \"\(text)\" — \(reason)")
                note("trigger \"\(text)\" not mapped: \(reason)", line: block.line, column: candidate.column)
            }
        }
        guard !rules.isEmpty || !todos.isEmpty else { return [] }
        if !rules.isEmpty {
            yaml.open("triggers")
            yaml.comment(origin(blocks[candidates[0].index].context, kind: "list", line: blocks[candidates[0].index].line), indent: 2)
            for rule in rules { yaml.item(rule, indent: 2) }
            mapped.append("\(rules.count) trigger\(rules.count == 1 ? "" : "s") from the rollback trigger list")
        }
        for todo in todos { yaml.comment(todo) }
        return yaml.lines
    }

    /// The unticked checkboxes among `indices` that share a list with a ticked one, each with the count of ticked
    /// boxes in its list; where no box of a list is ticked, every box is taken, and the assumption is reported.
    private mutating func untickedInTickedLists(_ indices: [Int]) -> [Int: Int] {
        var lists: [String: (boxes: [(index: Int, checked: Bool)], first: Int)] = [:]
        var order: [String] = []
        for index in indices {
            guard case .checkbox(let checked) = blocks[index].itemKind else { continue }
            // A list is the run of items under the same headings and label.
            let key = blocks[index].headings.joined(separator: "\u{0}") + "\u{1}" + (blocks[index].label ?? "")
            if lists[key] == nil { order.append(key) }
            lists[key, default: ([], index)].boxes.append((index, checked))
        }
        var unticked: [Int: Int] = [:]
        for key in order {
            guard let list = lists[key] else { continue }
            let ticked = list.boxes.count { $0.checked }
            if ticked == 0 {
                guard list.boxes.count > 1 else { continue }
                let first = blocks[list.first]
                let title = first.context.isEmpty ? "" : " under \"\(first.context)\""
                assume("no box is ticked in the \(list.boxes.count) trigger checkboxes\(title): all are imported as active triggers",
                       line: first.line, column: first.column)
            } else {
                for box in list.boxes where !box.checked { unticked[box.index] = ticked }
            }
        }
        return unticked
    }

    /// A rule and, when reading it took an assumption (a rate's basis), what was assumed.
    struct RuleReading: Equatable {
        var rule: String
        var assumption: String?
    }

    /// A sentence such as "Error rate exceeds 2% for 5 minutes" as a rule, or why it is not one.
    func rule(from sentence: String) -> Result<String, RuleReadError> {
        reading(from: sentence).map(\.rule)
    }

    /// The rule a sentence reads as, with what was assumed to write it.
    func reading(from sentence: String) -> Result<RuleReading, RuleReadError> {
        guard sentence.count <= TextRules.phraseLimit else {
            return .failure(RuleReadError("at \(sentence.count) characters it is prose, not a rule (at most \(TextRules.phraseLimit))"))
        }
        let text = TextRules.plain(sentence).replacingOccurrences(of: "≥", with: ">=").replacingOccurrences(of: "≤", with: "<=")
        let lower = text.lowercased()
        if let match = lower.firstMatch(of: Self.consecutivePattern) {
            let subject = String(match.1)
            let words = TextRules.words(subject)
            let check = healthChecks.first { check in
                words.contains(check.name) || check.kind.map { kind in words.contains { kind.hasPrefix($0) && $0.count > 3 } } == true
            } ?? (healthChecks.count == 1 ? healthChecks[0] : nil)
            guard let check else { return .failure(RuleReadError("no health check in the plan matches \"\(subject.trimmingCharacters(in: .whitespaces))\"")) }
            return .success(RuleReading(rule: "health.\(check.name) fails \(match.2) consecutive"))
        }
        if let match = lower.firstMatch(of: Self.dropPattern) {
            guard let metric = metric(named: String(match.1)) else { return .failure(RuleReadError("no metric named like \"\(match.1)\"")) }
            guard let window = TextRules.duration(in: String(match.3)) else { return .failure(RuleReadError("no time window")) }
            return .success(RuleReading(rule: "\(metric.name) < baseline - \(match.2)% within \(window)"))
        }
        let comparisons: [(String, String)] = [(">=", ">="), ("<=", "<="), (">", ">"), ("<", "<"), ("exceeds", ">"),
            ("rises above", ">"), ("goes above", ">"), ("is above", ">"), ("above", ">"), ("greater than", ">"),
            ("more than", ">"), ("drops below", "<"), ("falls below", "<"), ("is below", "<"), ("below", "<"), ("less than", "<")]
        // The earliest comparison wins, so "exceeds 2x baseline for > 15 minutes" reads "exceeds", not ">".
        let found = comparisons.compactMap { phrase, op in
            (lower.range(of: " \(phrase) ") ?? (phrase.count <= 2 ? lower.range(of: phrase) : nil)).map { ($0, op) }
        }.min { $0.0.lowerBound < $1.0.lowerBound }
        if let (range, op) = found {
            // The range is in the lower-cased text; lower-casing can change a character's length ("İ"), and an index
            // past the end of the original would trap, so the subject comes from the original only when they agree.
            let cased = lower.utf8.count == text.utf8.count ? text : lower
            let subject = String(cased[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            let rest = String(lower[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            guard let match = rest.wholeMatch(of: Self.thresholdPattern)
            else { return .failure(RuleReadError("the threshold \"\(rest)\" is not a number with an optional unit and 'for' duration")) }
            guard let metric = metric(named: subject) else {
                return .failure(RuleReadError("no metric in the plan is named like \"\(subject)\""))
            }
            var threshold = String(match.1)
            var assumption: String?
            if let unit = match.2.map(String.init) {
                if let basis = Rate.basis(ofUnit: unit) {
                    let rate = Rate(number: Double(threshold) ?? .nan, basis: basis)
                    switch rateThreshold(rate, written: "\(threshold)\(unit.hasPrefix("/") ? "" : " ")\(unit)", for: metric) {
                    case .success(let written):
                        threshold = written.threshold
                        assumption = written.assumption
                    case .failure(let error):
                        return .failure(error)
                    }
                } else if unit.hasSuffix("baseline") {
                    threshold += "x baseline"
                } else if unit == metric.unit.rawValue {
                    threshold += unit
                } else {
                    return .failure(RuleReadError("unit \(unit) differs from \(metric.name)'s unit '\(metric.unit.rawValue)'"))
                }
            }
            var rule = "\(metric.name) \(op) \(threshold)"
            if let span = match.3 {
                guard let duration = TextRules.duration(in: String(span)) else { return .failure(RuleReadError("\"\(span)\" is not a duration")) }
                rule += " for \(duration)"
            }
            return .success(RuleReading(rule: rule, assumption: assumption))
        }
        return .failure(RuleReadError("it does not read as 'metric > value for duration'"))
    }

    /// A rate as the threshold of a rule on `metric`: in rps for a per-second metric, a plain number for a count;
    /// converted between minutes and seconds when the metric's cells were written in the other, never silently.
    private func rateThreshold(_ rate: Rate, written: String, for metric: (name: String, unit: MetricUnit))
        -> Result<(threshold: String, assumption: String?), RuleReadError> {
        switch metric.unit {
        case .requestsPerSecond:
            guard let number = Rate.written(rate.converted(to: .second)) else { return .failure(RuleReadError("\(written) is no number a plan holds")) }
            let assumption = rate.basis == .minute ? "\(written) divided by 60: \(metric.name) is in rps, per second" : nil
            return .success((number + "rps", assumption))
        case .count:
            let basis = rateBasis[metric.name] ?? rate.basis
            guard let number = Rate.written(rate.converted(to: basis)) else { return .failure(RuleReadError("\(written) is no number a plan holds")) }
            let assumption: String? = if rateBasis[metric.name] == nil {
                "\(metric.name) has no unit, so it is taken to count \(basis.phrase), as the rule is written"
            } else if basis != rate.basis {
                "converted to \(number) \(basis.phrase), as the metrics table counts \(metric.name)"
            } else {
                nil
            }
            return .success((number, assumption))
        case .percent, .milliseconds, .seconds:
            return .failure(RuleReadError("\(written) is a rate, but \(metric.name) is measured in '\(metric.unit.rawValue)'"))
        }
    }
}
