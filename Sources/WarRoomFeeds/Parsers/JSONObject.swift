/// One JSON object from one line, fields in the order written, each with the column of its value.
///
/// Hand-rolled rather than `JSONSerialization` so errors can name the column, key order survives (samples come out
/// in line order), and nothing Foundation-specific leaks into the parsers. Nested objects and arrays are accepted
/// but not kept: feeds only read flat fields. `NaN`, `Infinity` and `-Infinity`, which Python's `json.dumps`
/// writes, are read as numbers, so such a value is refused for what it is (``SampleCheck``) rather than as
/// broken JSON.
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
            if let field = fields.first(where: { Self.same($0.key, key) }) { return field }
        }
        return nil
    }

    /// `==` with the lengths compared first: keys mostly differ in length, and that is cheap to see.
    static func same(_ key: String, _ other: String) -> Bool {
        key.utf8.count == other.utf8.count && key == other
    }

    /// Parses `text` as exactly one JSON object.
    static func parse(_ text: String) throws(JSONSyntaxError) -> JSONObject {
        // Scanned as UTF-8 in place (this runs for every JSON log line); columns still count Unicode scalars.
        let scan = { (bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONObject, JSONSyntaxError> in
            do throws(JSONSyntaxError) { return .success(try parse(bytes)) } catch { return .failure(error) }
        }
        return try (text.utf8.withContiguousStorageIfAvailable(scan) ?? Array(text.utf8).withUnsafeBufferPointer(scan)).get()
    }

    /// Parses UTF-8 `bytes` as exactly one JSON object. With `keeping`, only the fields it names are kept: the
    /// others are still checked but never made into values (a log line is read for three of its fields).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, keeping wanted: ByteKeys? = nil) throws(JSONSyntaxError) -> JSONObject {
        var scanner = Scanner(bytes: bytes)
        return try scanner.object(keeping: wanted)
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Whether a byte of a multi-byte character was passed: until then a column is just a byte offset.
        var passedNonASCII = false

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        /// 1-based, in Unicode scalars: the bytes before `index` that do not continue a scalar.
        var column: Int { column(at: index) }

        /// The column at `index`, counted on from the last one asked for: a field's column is taken for every field
        /// kept, and counting from the line's start each time costs the square of a wide line's length.
        mutating func fieldColumn() -> Int {
            guard passedNonASCII else { return index + 1 }
            if counted.offset > index { counted = (0, 1) }
            counted.column = bytes[counted.offset..<index].reduce(counted.column) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            counted.offset = index
            return counted.column
        }

        /// The last offset ``fieldColumn()`` counted to, and its column.
        private var counted = (offset: 0, column: 1)

        func column(at offset: Int) -> Int {
            passedNonASCII ? bytes[..<offset].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 } : offset + 1
        }

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, column: column) }

        mutating func skipSpace() {
            while let byte = peek, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r") { index += 1 }
        }

        /// The message is only built when the byte is missing: a field's key in it would otherwise cost more than the parse.
        mutating func expect(_ byte: Unicode.Scalar, _ message: @autoclosure () -> String) throws(JSONSyntaxError) {
            guard peek == UInt8(ascii: byte) else { throw fail(message()) }
            index += 1
        }

        mutating func object(keeping wanted: ByteKeys? = nil) throws(JSONSyntaxError) -> JSONObject {
            skipSpace()
            try expect("{", "expected a JSON object")
            var fields: [Field] = []
            fields.reserveCapacity(wanted == nil ? 8 : 3)
            skipSpace()
            if peek == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard peek == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let keyStart = index, atKey = self
                    try skipString()
                    // A key without escapes is its bytes between the quotes, looked up without making a String.
                    let raw = UnsafeBufferPointer(rebasing: bytes[(keyStart + 1)..<(index - 1)])
                    let escaped = raw.firstIndex(of: UInt8(ascii: "\\"), from: 0) != nil
                    let wantedKey = wanted.map { escaped ? $0.contains(keyText(from: keyStart)) : $0.contains(raw) } ?? true
                    skipSpace()
                    try expect(":", "expected ':' after key '\(atKey.keyText(from: keyStart).excerpt())'")
                    skipSpace()
                    if wantedKey {
                        let start = fieldColumn()
                        fields.append(Field(key: keyText(from: keyStart), value: try value(), column: start))
                    } else {
                        try skipValue()
                    }
                    skipSpace()
                    if peek == UInt8(ascii: ",") { index += 1; continue }
                    try expect("}", "expected ',' or '}' after the value of '\(atKey.keyText(from: keyStart).excerpt())'")
                    break
                }
            }
            skipSpace()
            guard peek == nil else { throw fail("unexpected text after the JSON object") }
            return JSONObject(fields: fields)
        }

        mutating func value() throws(JSONSyntaxError) -> Value {
            switch peek {
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipNested()
                return .nested
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            case UInt8(ascii: "N"): try word("NaN"); return .number(.nan)
            case UInt8(ascii: "I"): try word("Infinity"); return .number(.infinity)
            case UInt8(ascii: "-") where isNegativeInfinity:
                index += 1
                try word("Infinity")
                return .number(-.infinity)
            case let byte? where byte == UInt8(ascii: "-") || Self.isDigit(byte): return .number(try number())
            case nil: throw fail("expected a value, found the end of the line")
            default: throw fail("expected a value (string, number, true, false or null)")
            }
        }

        /// The key whose opening quote is at `offset`, decoded.
        func keyText(from offset: Int) -> String {
            var copy = self
            copy.index = offset
            return (try? copy.string()) ?? ""
        }

        /// Checks a value as ``value()`` does, without making it.
        mutating func skipValue() throws(JSONSyntaxError) {
            switch peek {
            case UInt8(ascii: "\""): try skipString()
            case let byte? where Self.isDigit(byte) || (byte == UInt8(ascii: "-") && !isNegativeInfinity): try skipNumber()
            default: _ = try value()
            }
        }

        mutating func word(_ word: StaticString) throws(JSONSyntaxError) {
            for byte in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
                guard peek == byte else { throw fail("expected '\(word)'") }
                index += 1
            }
        }

        /// `-I`, the start of `-Infinity` rather than of a number.
        var isNegativeInfinity: Bool { index + 1 < bytes.count && bytes[index] == UInt8(ascii: "-") && bytes[index + 1] == UInt8(ascii: "I") }

        static func isDigit(_ byte: UInt8?) -> Bool { byte.map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false }

        mutating func number() throws(JSONSyntaxError) -> Double {
            let start = index
            try skipNumber()
            guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
                throw JSONSyntaxError(message: "number out of range", column: column(at: start))
            }
            return value
        }

        /// Moves past a number, checking its syntax.
        mutating func skipNumber() throws(JSONSyntaxError) {
            if peek == UInt8(ascii: "-") { index += 1 }
            guard Self.isDigit(peek) else { throw fail("expected a digit") }
            while Self.isDigit(peek) { index += 1 }
            if peek == UInt8(ascii: ".") {
                index += 1
                guard Self.isDigit(peek) else { throw fail("expected a digit after '.'") }
                while Self.isDigit(peek) { index += 1 }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                index += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
                guard Self.isDigit(peek) else { throw fail("expected a digit in the exponent") }
                while Self.isDigit(peek) { index += 1 }
            }
        }

        /// A quoted string: text without escapes is taken as it stands; with escapes, decoded into a copy.
        mutating func string() throws(JSONSyntaxError) -> String {
            let start = index
            index += 1
            var decoded: [UInt8] = []
            var escaped = false
            var run = index
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""):
                    let tail = UnsafeBufferPointer(rebasing: bytes[run..<index])
                    index += 1
                    guard escaped else { return String(decoding: tail, as: UTF8.self) }
                    decoded.append(contentsOf: tail)
                    return String(decoding: decoded, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                    index += 1
                    UTF8.encode(try escape()) { decoded.append($0) }
                    escaped = true
                    run = index
                default:
                    // Plain text runs to the next quote or backslash: found with memchr, as messages are long.
                    let stop = bytes.firstIndex(of: UInt8(ascii: "\""), from: index) ?? bytes.count
                    let end = UnsafeBufferPointer(rebasing: bytes[..<stop]).firstIndex(of: UInt8(ascii: "\\"), from: index) ?? stop
                    if !passedNonASCII, bytes[index..<end].contains(where: { $0 >= 0x80 }) { passedNonASCII = true }
                    index = end
                }
            }
            throw JSONSyntaxError(message: "unterminated string", column: column(at: start))
        }

        /// Moves past a quoted string, checking its escapes, without decoding it.
        mutating func skipString() throws(JSONSyntaxError) {
            let start = index
            index += 1
            while index < bytes.count {
                let stop = bytes.firstIndex(of: UInt8(ascii: "\""), from: index) ?? bytes.count
                let end = UnsafeBufferPointer(rebasing: bytes[..<stop]).firstIndex(of: UInt8(ascii: "\\"), from: index) ?? stop
                if !passedNonASCII, bytes[index..<end].contains(where: { $0 >= 0x80 }) { passedNonASCII = true }
                index = end
                guard index < bytes.count else { break }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "\"") { return }
                _ = try escape()
            }
            throw JSONSyntaxError(message: "unterminated string", column: column(at: start))
        }

        mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
            guard let byte = peek else { throw fail("unterminated escape") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
            case UInt8(ascii: "b"): return "\u{8}"
            case UInt8(ascii: "f"): return "\u{C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let high = try hex4()
                if (0xD800..<0xDC00).contains(high), peek == UInt8(ascii: "\\"), index + 1 < bytes.count,
                   bytes[index + 1] == UInt8(ascii: "u") {
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
                throw fail("invalid escape '\\\(scalar(at: index))'")
            }
        }

        /// The whole scalar starting at `offset` (for a message that quotes it).
        func scalar(at offset: Int) -> String {
            var end = offset + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = peek, let digit = Self.hexDigit(byte) else { throw fail("expected four hex digits after \\u") }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        static func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        /// Skips a nested object or array, minding strings so brackets inside them do not count.
        mutating func skipNested() throws(JSONSyntaxError) {
            let start = index
            var depth = 0
            while let byte = peek {
                switch byte {
                case UInt8(ascii: "\""): _ = try string(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: if byte >= 0x80 { passedNonASCII = true }
                }
                index += 1
                if depth == 0 { return }
            }
            throw JSONSyntaxError(message: "unterminated object or array", column: column(at: start))
        }
    }
}

/// Why a line is not JSON, at which 1-based column.
struct JSONSyntaxError: Error, Sendable, Hashable {
    var message: String
    var column: Int
}
