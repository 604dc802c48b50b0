import Foundation

extension ImportBuilder {
    // Compiled once (see TextRules).
    nonisolated(unsafe) private static let consecutivePattern =
        #/^(.*?)(?:health ?check|check|probe)s?\s+fails?\s+(?:for\s+)?(\d+)\s+consecutive/#
    nonisolated(unsafe) private static let dropPattern =
        #/^(.+?)\s+(?:drops|falls|decreases)\s+(?:by\s+)?(?:more than\s+|over\s+)?(\d+(?:\.\d+)?)%\s*(?:within|in)\s+(.+)$/#
    nonisolated(unsafe) private static let thresholdPattern =
        #/(\d+(?:\.\d+)?)\s*(%|ms|s|rps|x\s+(?:the\s+)?baseline|×\s*baseline)?(?:\s+(?:for|sustained for|over)\s+(?:more than\s+|>\s*|at least\s+)?(\d+\s*[a-z]+))?/#

    /// `triggers:` from rollback-trigger bullets that read as rules; the rest become notes and TODO comments.
    mutating func triggersSection() -> [String] {
        var yaml = YAMLWriter()
        var rules: [String] = []
        var todos: [String] = []
        var candidates: [(index: Int, text: String, column: Int)] = []
        for index in indices(under: ["rollback trigger", "automatic rollback", "when to rollback", "triggers"]) {
            guard blocks[index].itemKind != nil else { continue }
            // "**Critical Errors**: error rate above 2% for 5 minutes": the label names the kind, the value is the rule.
            if let field = blocks[index].field, !field.value.isEmpty {
                candidates.append((index, field.value, field.valueColumn))
            } else {
                candidates.append((index, blocks[index].text, blocks[index].column))
            }
        }
        // "**Trigger Conditions**: …" inside a rollback procedure.
        for index in indices(under: ["rollback"]) where blocks[index].itemKind != nil {
            guard let field = blocks[index].field, field.key.lowercased().contains("trigger condition"), !field.value.isEmpty,
                  !candidates.contains(where: { $0.index == index }) else { continue }
            candidates.append((index, field.value, field.valueColumn))
        }
        // One-line checklists put the trigger inside a rollback checklist: "Trigger: error rate > 1% for 5m".
        for index in indices(under: ["rollback checklist"]) where blocks[index].itemKind != nil {
            let text = blocks[index].text
            guard text.lowercased().hasPrefix("trigger:") else { continue }
            candidates.append((index, String(text.dropFirst(8)), blocks[index].column + 8))
        }
        candidates.sort { $0.index < $1.index }
        for candidate in candidates {
            used.insert(candidate.index)
            let block = blocks[candidate.index]
            guard let text = filled(candidate.text) else { continue }
            switch rule(from: text) {
            case .success(let rule):
                rules.append(rule)
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

    /// A sentence such as "Error rate exceeds 2% for 5 minutes" as a rule, or why it is not one.
    func rule(from sentence: String) -> Result<String, RuleReadError> {
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
            return .success("health.\(check.name) fails \(match.2) consecutive")
        }
        if let match = lower.firstMatch(of: Self.dropPattern) {
            guard let metric = metric(named: String(match.1)) else { return .failure(RuleReadError("no metric named like \"\(match.1)\"")) }
            guard let window = TextRules.duration(in: String(match.3)) else { return .failure(RuleReadError("no time window")) }
            return .success("\(metric.name) < baseline - \(match.2)% within \(window)")
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
            if let unit = match.2.map(String.init) {
                if unit.hasSuffix("baseline") {
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
            return .success(rule)
        }
        return .failure(RuleReadError("it does not read as 'metric > value for duration'"))
    }
}
