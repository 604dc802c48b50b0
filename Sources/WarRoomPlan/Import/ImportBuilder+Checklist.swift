import Foundation
import WarRoomCore

extension ImportBuilder {
    private static let phaseWords: [(phase: String, words: [String])] = [
        ("post_launch", ["post-launch", "post launch", "post-release", "post-deploy", "after", "follow-up"]),
        ("pre_launch", ["pre-launch", "pre launch", "pre-release", "pre-deploy", "prerequisite", "dependencies",
                        "before", "related documents", "preparation"]),
        ("launch_day", ["launch day", "during", "launch", "release day"]),
    ]

    /// Headings that make their items conditions for moving to the next stage.
    private static let gateWords = ["transition criteria", "go/no-go", "go / no-go", "promotion criteria", "exit criteria",
                                    "before advancing", "before promoting"]

    /// `checklist:` from every `- [ ]` / `- [x]` item no other section took, and the plain or numbered items under a
    /// Go/No-Go or checklist heading, grouped by the phase its headings name.
    /// A trailing `(T-24h)` becomes `due`, `(owner: …)` becomes `owner`; items under "Phase Transition Criteria" block promotion.
    mutating func checklistSection() -> [String] {
        var phases: [String: [String]] = [:]
        var counts: [String: Int] = [:]
        var guessed: [String: (count: Int, line: Int)] = [:]
        var gates: [String: (count: Int, line: Int)] = [:]
        var dueCount = 0
        for index in blocks.indices where !used.contains(index) {
            let block = blocks[index]
            guard let kind = block.itemKind else { continue }
            let titles = [block.label].compactMap { $0 } + block.headings.reversed()
            // Under rollback criteria an item is a condition for rolling back, never a task: what the triggers did
            // not take is reported with the leftovers.
            guard !titles.contains(where: Self.namesRollbackCriteria) else { continue }
            let isGate = titles.contains { title in Self.gateWords.contains { title.lowercased().contains($0) } }
            let checked: Bool
            switch kind {
            case .checkbox(let ticked):
                checked = ticked
            case .bullet, .numbered:
                // A list without boxes under a Go/No-Go or checklist title is a checklist all the same.
                guard block.field == nil, isGate || titles.contains(where: { $0.lowercased().contains("checklist") })
                else { continue }
                checked = false
            }
            used.insert(index)
            var phase = titles.lazy.compactMap { title in
                Self.phaseWords.first { entry in entry.words.contains { title.lowercased().contains($0) } }?.phase
            }.first
            if phase == nil {
                phase = "launch_day"
                if isGate { gates[block.context, default: (0, block.line)].count += 1 }
                else { guessed[block.context, default: (0, block.line)].count += 1 }
            }
            let key = phase!
            guard let text = filled(block.text) else {
                phases[key, default: []].append("    # TODO line \(block.line): fill in \"\(TextRules.plain(block.text))\"")
                continue
            }
            let parts = TextRules.checklistParts(text)
            var due = parts.due
            if let written = due, let conflict = Self.dueConflict(written, phase: key) {
                phases[key, default: []].append("    # TODO line \(block.line): due \(written) is \(conflict); move the item or fix the time")
                note("checklist item \"\(parts.text)\": due \(written) is \(conflict); due left out", line: block.line, column: block.column)
                due = nil
            }
            var pairs: [(String, String?)] = [("text", parts.text), ("owner", parts.owner), ("due", due)]
            if isGate, key == "launch_day" { pairs.append(("blocks_promotion", "true")) }
            var item = YAMLWriter()
            if pairs.dropFirst().allSatisfy({ $0.1 == nil }) {
                item.item(parts.text, indent: 4)
            } else {
                item.record(pairs, indent: 4, raw: ["blocks_promotion"])
            }
            if due != nil { dueCount += 1 }
            var lines = item.lines
            if checked { lines[0] += "  # ticked in the Markdown; tick it again in warroom" }
            phases[key, default: []] += lines
            counts[key, default: 0] += 1
        }
        guard !phases.isEmpty else { return [] }
        var lines = ["checklist:"]
        for phase in ["pre_launch", "launch_day", "post_launch"] {
            guard let items = phases[phase] else { continue }
            lines.append("  \(phase):")
            lines += items
        }
        let summary = ["pre_launch", "launch_day", "post_launch"].compactMap { phase in
            counts[phase].map { "\($0) \(phase)" }
        }
        mapped.append("checklist items: " + summary.joined(separator: ", ") + (dueCount > 0 ? " (\(dueCount) with a due time)" : ""))
        for (title, found) in gates.sorted(by: { $0.value.line < $1.value.line }) {
            mapped.append("\(found.count) checklist item\(found.count == 1 ? "" : "s") under \"\(title)\" (line \(found.line)) put in launch_day, blocking promotion: the heading makes them conditions for the next stage")
        }
        for (title, found) in guessed.sorted(by: { $0.value.line < $1.value.line }) {
            mapped.append("\(found.count) checklist item\(found.count == 1 ? "" : "s") under \"\(title)\" (line \(found.line)) put in launch_day: the heading names no phase")
        }
        return lines
    }

    /// A title such as "Rollback Criteria" or "Abort conditions" (a bare "Triggers" is too loose to count here).
    private static func namesRollbackCriteria(_ title: String) -> Bool {
        let lower = title.lowercased()
        return triggerTitles.dropLast().contains { lower.contains($0) }
    }

    /// Why a due time cannot stand in its phase (pre-launch work is due before T0, post-launch after), or nil.
    private static func dueConflict(_ due: String, phase: String) -> String? {
        guard let offset = DurationText.parseOffset(due), let checklistPhase = ChecklistPhase(rawValue: phase),
              !checklistPhase.admits(due: offset) else { return nil }
        return offset > 0 ? "after launch, but the item is pre-launch" : "before launch, but the item is post-launch"
    }
}
