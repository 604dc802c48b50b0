import Foundation

/// A whole JSON document as a tree, decoded by Foundation's `JSONDecoder`, for reading the few fields of a
/// Kubernetes resource by path. A tree rather than `Decodable` structs so an error can say what was found where
/// ("a string \"two\"" at `status.currentStepIndex`), and rather than `JSONSerialization` because it gives numbers
/// and booleans alike as `NSNumber`, where `1` and `true` are hard to tell apart.
enum JSONValue: Sendable, Hashable, Decodable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let bool = try? single.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? single.decode(Double.self) {
            self = .number(number)
        } else if let string = try? single.decode(String.self) {
            self = .string(string)
        } else if let array = try? single.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try single.decode([String: JSONValue].self))
        }
    }

    /// The document in `bytes`; nil when they are not JSON.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// What this value is, in words, for an error: `a string "Healthy"`, `a number (3.5)`, `an object`.
    var shown: String {
        switch self {
        case .object: "an object"
        case .array(let items): "an array of \(items.count)"
        case .string(let text): "a string \"\(text.excerpt(40))\""
        case .number(let number): "a number (\(number.shortText))"
        case .bool(let bool): bool ? "true" : "false"
        case .null: "null"
        }
    }
}

private extension Double {
    /// `3` rather than `3.0` for a whole number; `%g` otherwise, so 1e308 stays short.
    var shortText: String {
        if let whole = Int(exactly: self) { return String(whole) }
        return String(format: "%g", self)
    }
}
