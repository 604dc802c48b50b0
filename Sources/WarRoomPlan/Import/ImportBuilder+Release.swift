import Foundation

extension ImportBuilder {
    /// `release:` from the overview fields (or the document title); required keys missing become TODOs.
    mutating func release() -> [String] {
        var yaml = YAMLWriter()
        yaml.open("release")
        var taken: [String] = []
        var titleName: String?
        if let title = blocks.first(where: { if case .heading(1) = $0.kind { true } else { false } }),
           let colon = title.text.firstIndex(of: ":") {
            titleName = filled(String(title.text[title.text.index(after: colon)...]))
        }
        let nameField = field(["feature/change", "product name", "release name", "service", "feature", "name"])
        var name = filled(nameField?.value) ?? titleName
        var version = filled(field(["version", "release version"])?.value)
        if version == nil, let found = name.flatMap(TextRules.version(in:)) {
            version = found
            name = name.map { cleanName($0, without: found) }
        }
        emit(&yaml, "name", name, required: true, at: nameField?.block, taken: &taken)
        emit(&yaml, "version", version, required: true, at: nameField?.block, taken: &taken)
        if let type = field(["release type"]) {
            emit(&yaml, "type", choice(type, among: ["standard", "hotfix", "emergency"]), required: false, at: type.block, taken: &taken)
        }
        if let risk = field(["risk level"]) {
            emit(&yaml, "risk", choice(risk, among: ["low", "medium", "high"]), required: false, at: risk.block, taken: &taken)
        }
        let owner = field(["release owner", "owner", "deployment manager", "author"])
        emit(&yaml, "owner", filled(owner?.value), required: false, at: owner?.block, taken: &taken)
        let onCall = field(["on-call engineer", "on-call", "on call", "on-call owner"])
        if let text = filled(onCall?.value), let parts = TextRules.contact(in: text) {
            yaml.open("on_call", indent: 2)
            yaml.pair("name", parts.name, indent: 4)
            yaml.pair("contact", parts.contact, indent: 4)
            taken.append("on_call (name and contact)")
        } else {
            emit(&yaml, "on_call", filled(onCall?.value), required: false, at: onCall?.block, taken: &taken)
        }
        if let date = field(["release date/time", "release date", "launch date", "date/time", "date"]),
           let text = filled(date.value) {
            switch StartTime(parsing: text) {
            case .instant(let instant):
                yaml.pair("start", instant, indent: 2)
                taken.append("start")
            case .local(let local, let zone):
                yaml.pair("start", local, indent: 2)
                yaml.pair("time_zone", zone, indent: 2)
                taken += ["start", "time_zone"]
            case .conflict(let why):
                yaml.comment("TODO line \(date.block.line): \"\(text)\" names two zones that disagree (\(why)); write start", indent: 2)
                note("release date \"\(text)\": \(why); start left out", line: date.block.line, column: date.field.valueColumn)
            case nil:
                note("release date \"\(text)\" has no time with a zone; start left out, T0 is set by a key press",
                     line: date.block.line, column: date.field.valueColumn)
            }
        }
        if !taken.isEmpty { mapped.append("release " + taken.joined(separator: ", ") + " from the overview") }
        return yaml.lines
    }

    private mutating func emit(_ yaml: inout YAMLWriter, _ key: String, _ value: String?, required: Bool,
                               at block: MarkdownBlock?, taken: inout [String]) {
        if let value {
            yaml.pair(key, value, indent: 2)
            taken.append(key)
        } else if required {
            let line = block?.line ?? 1
            yaml.comment("TODO line \(line): fill in release.\(key) (required)", indent: 2)
            note("release.\(key) is required but the Markdown does not give it", line: line, column: block?.column ?? 1)
        }
    }

    /// The one ticked option of `[ ] Low [x] Medium [ ] High`, or the value written plainly.
    private mutating func choice(_ found: (value: String, block: MarkdownBlock, field: MarkdownField),
                                 among options: [String]) -> String? {
        let value = found.value.lowercased()
        if value.contains("[") {
            let ticked = options.filter { value.contains("[x] \($0)") }
            if ticked.count == 1 { return ticked[0] }
            note("\(found.field.key): \(ticked.isEmpty ? "no box is ticked" : "more than one box is ticked"); left out",
                 line: found.block.line, column: found.field.valueColumn)
            return nil
        }
        if let plain = options.first(where: { value.hasPrefix($0) }) { return plain }
        if Placeholder.isFilled(found.value) {
            note("\(found.field.key) \"\(found.value)\" is not one of \(options.joined(separator: ", ")); left out",
                 line: found.block.line, column: found.field.valueColumn)
        }
        return nil
    }

    /// `payments-api 3.8.0 (3-D Secure 2)` → `payments-api`: the words before the version, else the rest.
    private func cleanName(_ name: String, without version: String) -> String {
        let separators = CharacterSet(charactersIn: " -—–:()")
        guard let range = name.range(of: "v" + version) ?? name.range(of: version) else { return name }
        let before = name[..<range.lowerBound].trimmingCharacters(in: separators)
        if !before.isEmpty { return before }
        return name[range.upperBound...].trimmingCharacters(in: separators)
    }
}
