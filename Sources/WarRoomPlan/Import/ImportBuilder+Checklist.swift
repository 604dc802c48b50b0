import Foundation

extension ImportBuilder {
    private static let phaseWords: [(phase: String, words: [String])] = [
        ("post_launch", ["post-launch", "post launch", "post-release", "post-deploy", "after", "follow-up"]),
        ("pre_launch", ["pre-launch", "pre launch", "pre-release", "pre-deploy", "prerequisite", "dependencies",
                        "before", "related documents", "preparation"]),
        ("launch_day", ["launch day", "during", "launch", "release day"]),
    ]

    /// `checklist:` from every `- [ ]` / `- [x]` item no other section took, grouped by the phase its headings name.
    mutating func checklistSection() -> [String] {
        var phases: [String: [String]] = [:]
        var counts: [String: Int] = [:]
        var guessed: [String: (count: Int, line: Int)] = [:]
        for index in blocks.indices where !used.contains(index) {
            let block = blocks[index]
            guard case .checkbox(let checked) = block.itemKind else { continue }
            used.insert(index)
            let titles = [block.label].compactMap { $0 } + block.headings.reversed()
            var phase = titles.lazy.compactMap { title in
                Self.phaseWords.first { entry in entry.words.contains { title.lowercased().contains($0) } }?.phase
            }.first
            if phase == nil {
                phase = "launch_day"
                guessed[block.context, default: (0, block.line)].count += 1
            }
            let key = phase!
            guard let text = filled(block.text) else {
                phases[key, default: []].append("    # TODO line \(block.line): fill in \"\(TextRules.plain(block.text))\"")
                continue
            }
            var line = "    - "
            if let match = text.firstMatch(of: #/^(.*?)\s*\((?:owner|Owner):\s*([^)]+)\)\s*$/#) {
                line += "text: " + YAMLText.scalar(String(match.1)) + "\n      owner: " + YAMLText.scalar(String(match.2))
            } else {
                line += YAMLText.scalar(text)
            }
            if checked { line += "  # ticked in the Markdown; tick it again in warroom" }
            phases[key, default: []].append(line)
            counts[key, default: 0] += 1
        }
        guard !phases.isEmpty else { return [] }
        var lines = ["checklist:"]
        for phase in ["pre_launch", "launch_day", "post_launch"] {
            guard let items = phases[phase] else { continue }
            lines.append("  \(phase):")
            lines += items.flatMap { $0.components(separatedBy: "\n") }
        }
        let summary = ["pre_launch", "launch_day", "post_launch"].compactMap { phase in
            counts[phase].map { "\($0) \(phase)" }
        }
        mapped.append("checklist items: " + summary.joined(separator: ", "))
        for (title, found) in guessed.sorted(by: { $0.value.line < $1.value.line }) {
            mapped.append("\(found.count) checklist item\(found.count == 1 ? "" : "s") under \"\(title)\" (line \(found.line)) put in launch_day: the heading names no phase")
        }
        return lines
    }

    /// Tables no section took: reported, so nothing disappears silently.
    mutating func reportLeftovers() {
        for index in blocks.indices where !used.contains(index) {
            guard let table = blocks[index].table else { continue }
            let header = table.header.map(\.text).joined(separator: " | ")
            let context = blocks[index].context.isEmpty ? "" : " under \"\(blocks[index].context)\""
            note("table \"\(header)\"\(context) has no place in a plan; not imported", line: table.line, column: blocks[index].column)
        }
    }
}
