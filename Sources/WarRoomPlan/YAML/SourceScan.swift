/// Finds the characters a plan may not hold (see `UnsafeCharacter`) and reports the first of each line where it
/// is; returns the text for YAML to parse, each such character replaced by a one-scalar stand-in, so the columns
/// YAML reports stay true and the rest of the file is still checked.
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
            sink.error(found.character.message + more, at: Position(line: line, column: found.column), hint: found.character.hint)
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

    /// A quick look at the UTF-8 for the lead bytes of everything `UnsafeCharacter` refuses; most plans have none.
    private static func mayHoldUnsafe(_ text: String) -> Bool {
        text.utf8.contains { byte in
            (byte < 0x20 && byte != 0x09 && byte != 0x0A) || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
                || byte == 0xEF
        }
    }
}
