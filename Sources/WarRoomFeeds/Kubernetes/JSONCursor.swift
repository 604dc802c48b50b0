import Foundation

/// A value in a Kubernetes resource's JSON with the path that leads to it, read as the type a field must have.
/// A field that is absent or `null` is nil (Kubernetes omits empty fields); one of the wrong type is a
/// ``ControllerParseError`` naming the path, never a guess.
struct JSONCursor {
    let value: JSONValue
    /// `status.canary.weights`; empty for the document itself.
    let path: String
    let document: String

    /// The document kubectl printed for a resource of `kind`, which must be a JSON object of that kind.
    static func resource(_ bytes: [UInt8], kind: String) throws -> JSONCursor {
        guard let value = JSONValue.parse(bytes) else {
            let blank = bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            throw ControllerParseError(document: kind, path: "", expected: "a JSON object",
                                       found: blank ? "no output" : "text that is not JSON (cut short, or not kubectl's -o json)")
        }
        let root = JSONCursor(value: value, path: "", document: kind)
        guard case .object = value else { throw root.mismatch("a JSON object") }
        let found = try root.string("kind")
        guard found == kind else {
            throw ControllerParseError(document: kind, path: "kind", expected: "\"\(kind)\"",
                                       found: found.map { "\"\($0.excerpt(40))\"" } ?? "nothing")
        }
        return root
    }

    // MARK: Fields

    /// The field named `key`; nil when absent or null. Throws when this value is not an object.
    func field(_ key: String) throws -> JSONCursor? {
        guard case .object(let fields) = value else { throw mismatch("an object") }
        guard let found = fields[key], found != .null else { return nil }
        return JSONCursor(value: found, path: path.isEmpty ? key : path + "." + key, document: document)
    }

    /// The field named `key`, which must be there.
    func required(_ key: String) throws -> JSONCursor {
        guard let found = try field(key) else {
            throw ControllerParseError(document: document, path: path.isEmpty ? key : path + "." + key,
                                       expected: "a value", found: "nothing")
        }
        return found
    }

    func object(_ key: String) throws -> JSONCursor? {
        guard let found = try field(key) else { return nil }
        guard case .object = found.value else { throw found.mismatch("an object") }
        return found
    }

    func string(_ key: String) throws -> String? {
        try field(key)?.string()
    }

    func int(_ key: String) throws -> Int? {
        try field(key)?.int()
    }

    func bool(_ key: String) throws -> Bool? {
        guard let found = try field(key) else { return nil }
        guard case .bool(let bool) = found.value else { throw found.mismatch("true or false") }
        return bool
    }

    /// A Kubernetes time (RFC 3339, `2026-12-06T13:01:47Z`).
    func date(_ key: String) throws -> Date? {
        guard let found = try field(key) else { return nil }
        let text = try found.string()
        guard let (date, length) = Timestamp.prefix(of: text), length == text.utf8.count else {
            throw found.mismatch("a time such as \"2026-12-06T13:01:47Z\"")
        }
        return date
    }

    /// The array named `key`, element by element; empty when absent.
    func array(_ key: String) throws -> [JSONCursor] {
        guard let found = try field(key) else { return [] }
        guard case .array(let items) = found.value else { throw found.mismatch("an array") }
        return items.enumerated().map { JSONCursor(value: $1, path: "\(found.path)[\($0)]", document: document) }
    }

    // MARK: This value

    func string() throws -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    /// A whole number a Kubernetes int32 or int64 field can hold (within ±2^53, where a JSON number is exact).
    func int() throws -> Int {
        guard case .number(let number) = value, number.magnitude <= 9_007_199_254_740_992, let whole = Int(exactly: number) else {
            throw mismatch("a whole number")
        }
        return whole
    }

    /// A traffic weight: a whole number from 0 to 100.
    func percent() throws -> Int {
        let number = try int()
        guard (0...100).contains(number) else { throw mismatch("a percentage from 0 to 100") }
        return number
    }

    /// A count of pods, steps or checks: a whole number, not negative.
    func count() throws -> Int {
        let number = try int()
        guard number >= 0 else { throw mismatch("a whole number, not negative") }
        return number
    }

    func mismatch(_ expected: String) -> ControllerParseError {
        ControllerParseError(document: document, path: path, expected: expected, found: value.shown)
    }
}

extension JSONCursor {
    func percent(_ key: String) throws -> Int? { try field(key)?.percent() }
    func count(_ key: String) throws -> Int? { try field(key)?.count() }
}

extension String {
    /// Outside text kept in a status: cut to `limit` scalars, nil when empty, so an absent and an empty message are one.
    func kept(_ limit: Int) -> String? {
        isEmpty ? nil : excerpt(limit)
    }
}
