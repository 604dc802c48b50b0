/// One JSON object from one line, fields in the order written, each with the column of its value.
///
/// Hand-rolled rather than `JSONSerialization` so errors can name the column, key order survives (samples come out
/// in line order), and nothing Foundation-specific leaks into the parsers. Nested objects and arrays are accepted
/// but not kept: feeds only read flat fields.
struct JSONObject: Sendable, Hashable {
    enum Value: Sendable, Hashable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case nested
    }

    struct Field: Sendable, Hashable {
        var key: String
        var value: Value
        /// 1-based column of the value's first character.
        var column: Int
    }

    var fields: [Field]

    /// The first field named by any of `keys`, in the order of `keys`.
    func field(_ keys: [String]) -> Field? {
        for key in keys {
            if let field = fields.first(where: { $0.key == key }) { return field }
        }
        return nil
    }

    /// Parses `text` as exactly one JSON object.
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONObject {
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        return try scanner.object()
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        var column: Int { index + 1 }
        var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, column: column) }

        mutating func skipSpace() {
            while let scalar = peek, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { index += 1 }
        }

        mutating func expect(_ scalar: Unicode.Scalar, _ message: String) throws(JSONSyntaxError) {
            guard peek == scalar else { throw fail(message) }
            index += 1
        }

        mutating func object() throws(JSONSyntaxError) -> JSONObject {
            skipSpace()
            try expect("{", "expected a JSON object")
            var fields: [Field] = []
            skipSpace()
            if peek == "}" {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard peek == "\"" else { throw fail("expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    try expect(":", "expected ':' after key '\(key)'")
                    skipSpace()
                    let start = column
                    fields.append(Field(key: key, value: try value(), column: start))
                    skipSpace()
                    if peek == "," { index += 1; continue }
                    try expect("}", "expected ',' or '}' after the value of '\(key)'")
                    break
                }
            }
            skipSpace()
            guard peek == nil else { throw fail("unexpected text after the JSON object") }
            return JSONObject(fields: fields)
        }

        mutating func value() throws(JSONSyntaxError) -> Value {
            switch peek {
            case "\"": return .string(try string())
            case "{", "[":
                try skipNested()
                return .nested
            case "t": try word("true"); return .bool(true)
            case "f": try word("false"); return .bool(false)
            case "n": try word("null"); return .null
            case let scalar? where scalar == "-" || ("0"..."9").contains(scalar): return .number(try number())
            case nil: throw fail("expected a value, found the end of the line")
            default: throw fail("expected a value (string, number, true, false or null)")
            }
        }

        mutating func word(_ word: String) throws(JSONSyntaxError) {
            for scalar in word.unicodeScalars {
                guard peek == scalar else { throw fail("expected '\(word)'") }
                index += 1
            }
        }

        mutating func number() throws(JSONSyntaxError) -> Double {
            let start = index
            func isDigit(_ scalar: Unicode.Scalar?) -> Bool { scalar.map { ("0"..."9").contains($0) } ?? false }
            if peek == "-" { index += 1 }
            guard isDigit(peek) else { throw fail("expected a digit") }
            while isDigit(peek) { index += 1 }
            if peek == "." {
                index += 1
                guard isDigit(peek) else { throw fail("expected a digit after '.'") }
                while isDigit(peek) { index += 1 }
            }
            if peek == "e" || peek == "E" {
                index += 1
                if peek == "+" || peek == "-" { index += 1 }
                guard isDigit(peek) else { throw fail("expected a digit in the exponent") }
                while isDigit(peek) { index += 1 }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars[start..<index])
            guard let value = Double(text) else { throw JSONSyntaxError(message: "number out of range", column: start + 1) }
            return value
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            let start = column
            index += 1
            var result = String.UnicodeScalarView()
            while let scalar = peek {
                index += 1
                switch scalar {
                case "\"": return String(result)
                case "\\": result.append(try escape())
                default: result.append(scalar)
                }
            }
            throw JSONSyntaxError(message: "unterminated string", column: start)
        }

        mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
            guard let scalar = peek else { throw fail("unterminated escape") }
            index += 1
            switch scalar {
            case "\"", "\\", "/": return scalar
            case "b": return "\u{8}"
            case "f": return "\u{C}"
            case "n": return "\n"
            case "r": return "\r"
            case "t": return "\t"
            case "u":
                let high = try hex4()
                if (0xD800..<0xDC00).contains(high), peek == "\\", index + 1 < scalars.count, scalars[index + 1] == "u" {
                    index += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low),
                       let pair = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
                        return pair
                    }
                }
                // A lone surrogate is not a scalar: keep the line readable with a replacement character.
                return Unicode.Scalar(high) ?? "\u{FFFD}"
            default:
                index -= 1
                throw fail("invalid escape '\\\(scalar)'")
            }
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let scalar = peek, let digit = Int(String(scalar), radix: 16) else {
                    throw fail("expected four hex digits after \\u")
                }
                value = value * 16 + UInt32(digit)
                index += 1
            }
            return value
        }

        /// Skips a nested object or array, minding strings so brackets inside them do not count.
        mutating func skipNested() throws(JSONSyntaxError) {
            let start = column
            var depth = 0
            while let scalar = peek {
                switch scalar {
                case "\"": _ = try string(); continue
                case "{", "[": depth += 1
                case "}", "]": depth -= 1
                default: break
                }
                index += 1
                if depth == 0 { return }
            }
            throw JSONSyntaxError(message: "unterminated object or array", column: start)
        }
    }
}

/// Why a line is not JSON, at which 1-based column.
struct JSONSyntaxError: Error, Sendable, Hashable {
    var message: String
    var column: Int
}
