import Yams

/// Finds the characters a plan may not hold (see `UnsafeCharacter`): in the text, where it reports the first of each
/// line and gives the text for YAML to parse, each such character replaced by a one-scalar stand-in so the columns
/// YAML reports stay true and the rest of the file is still checked; and in the parsed values, where a
/// double-quoted escape (`"\e"`, `"\x9B"`, `"\u202E"`) can write one that the text does not show.
enum SourceScan {
    static func clean(_ text: String, sink: inout DiagnosticSink) -> String {
        guard mayHoldUnsafe(text) else { return text }
        var cleaned = String.UnicodeScalarView()
        var line = 1, column = 1
        // The first unsafe character of the current line, its column, and how many the line holds.
        var first: (character: UnsafeCharacter, column: Int)?
        var count = 0
        func flush(_ sink: inout DiagnosticSink) {
            guard let found = first else { return }
            let more = count > 1 ? " (and \(count - 1) more on this line)" : ""
            sink.error(found.character.message() + more, at: Position(line: line, column: found.column), hint: found.character.hint)
            first = nil
            count = 0
        }
        var scalars = text.unicodeScalars.makeIterator()
        var next = scalars.next()
        while let scalar = next {
            next = scalars.next()
            if let unsafe = UnsafeCharacter(scalar, followedBy: next) {
                if first == nil { first = (unsafe, column) }
                count += 1
                cleaned.append(unsafe.standIn)
            } else {
                cleaned.append(scalar)
            }
            if scalar == "\n" {
                flush(&sink)
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        flush(&sink)
        return String(cleaned)
    }

    /// Reports each key or value holding an unsafe character, at the node (an escape's own column is lost in
    /// parsing). Yams puts an alias's values in every place it is used; each is reported once, where it is written,
    /// and `AliasBudget` bounds how many places there are.
    static func check(_ root: Node, sink: inout DiagnosticSink) {
        var pending = [root]
        var reported: Set<Position> = []
        while let node = pending.popLast() {
            switch node {
            case .scalar(let scalar):
                guard mayHoldUnsafe(scalar.string), let position = node.position, !reported.contains(position) else { continue }
                reported.insert(position)
                let scalars = Array(scalar.string.unicodeScalars)
                let found = scalars.indices.compactMap { UnsafeCharacter(scalars[$0], followedBy: $0 + 1 < scalars.count ? scalars[$0 + 1] : nil) }
                guard let first = found.first else { continue }
                let more = found.count > 1 ? " (and \(found.count - 1) more in this value)" : ""
                sink.error(first.message(escaped: true) + more, at: position, hint: first.hint)
            case .mapping(let mapping):
                for (key, value) in mapping { pending += [value, key] }
            case .sequence(let sequence):
                pending += sequence.reversed()
            case .alias:
                continue
            }
        }
    }

    /// A quick look at the UTF-8 for the lead bytes of everything `UnsafeCharacter` refuses; most plans have none.
    private static func mayHoldUnsafe(_ text: String) -> Bool {
        text.utf8.contains { byte in
            (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
                || byte == 0xEF
        }
    }
}
