/// Accumulates the lines of the emitted plan; callers give keys and values, it handles indent and quoting.
struct YAMLWriter {
    private(set) var lines: [String] = []

    var text: String { lines.joined(separator: "\n") + "\n" }

    mutating func blank() { if lines.last?.isEmpty == false { lines.append("") } }

    mutating func comment(_ text: String, indent: Int = 0) {
        lines.append(String(repeating: " ", count: indent) + "# " + text)
    }

    /// Lines written by another writer, as they are.
    mutating func append(_ other: YAMLWriter) { lines += other.lines }

    /// `key:` opening a nested block.
    mutating func open(_ key: String, indent: Int = 0) {
        lines.append(String(repeating: " ", count: indent) + key + ":")
    }

    /// `key: value`, the value quoted as needed; `raw` values (numbers, enums, already-quoted) go as written.
    mutating func pair(_ key: String, _ value: String, indent: Int = 0, raw: Bool = false, note: String? = nil) {
        let line = String(repeating: " ", count: indent) + key + ": " + (raw ? value : YAMLText.scalar(value))
        lines.append(note.map { line + "  # " + $0 } ?? line)
    }

    /// `- value` list entry.
    mutating func item(_ value: String, indent: Int = 0, raw: Bool = false) {
        lines.append(String(repeating: " ", count: indent) + "- " + (raw ? value : YAMLText.scalar(value)))
    }

    /// A list entry that is a mapping: `- first: value` then the other pairs under it.
    mutating func record(_ pairs: [(String, String?)], indent: Int = 0, raw: Set<String> = []) {
        var first = true
        for (key, value) in pairs {
            guard let value else { continue }
            let rendered = raw.contains(key) ? value : YAMLText.scalar(value)
            let prefix = String(repeating: " ", count: indent) + (first ? "- " : "  ")
            lines.append(prefix + key + ": " + rendered)
            first = false
        }
    }
}
