import Yams

/// One entry of a list of named things (sources, logs, health checks) as read from the plan. The name is kept
/// even when the rest is broken, so references to it are not also reported as unknown.
struct NamedEntry<Value> {
    var name: String
    var position: Position?
    /// Nil when the entry had an error.
    var value: Value?
}

extension PlanDecoder {
    /// Walks a list of mappings, each with a required, unique `name`; `read` decodes the rest of one entry
    /// (nil after reporting why it cannot).
    mutating func decodeNamed<Value>(_ node: Node, key: String, kind: String, keys: [String],
                                     read: (inout PlanDecoder, MappingReader, String) -> Value?) -> [NamedEntry<Value>] {
        guard let items = sink.list(node, key) else { return [] }
        var seen: [String: Position?] = [:]
        var entries: [NamedEntry<Value>] = []
        for (index, item) in items.enumerated() {
            guard let reader = MappingReader(item, name: "\(kind) \(index + 1)", sink: &sink) else { continue }
            reader.checkKeys(keys, sink: &sink)
            guard let name = reader.requiredString("name", sink: &sink) else { continue }
            let position = reader.value("name")?.textPosition
            checkUnique(name, kind: kind, at: position, seen: &seen)
            let errorsBefore = sink.errorCount
            let value = read(&self, reader, name)
            entries.append(NamedEntry(name: name, position: position, value: sink.errorCount == errorsBefore ? value : nil))
        }
        return entries
    }

    /// Names that rules and references may use: one word of letters, digits and `_`, starting with a letter.
    mutating func checkWord(_ name: String, kind: String, at position: Position?, allowDots: Bool = false) {
        let valid = name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || (allowDots && $0 == ".") }
        if !valid {
            let allowed = allowDots ? "letters, digits, '_' and '.'" : "letters, digits and '_'"
            sink.error("\(kind) name '\(name)' must start with a letter or '_' and hold only \(allowed)", at: position,
                       hint: "rules name it as one word, e.g. p99_latency")
        }
    }
}
