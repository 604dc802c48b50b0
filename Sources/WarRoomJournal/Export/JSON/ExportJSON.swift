import Foundation
import WarRoomCore

/// The JSON dialect of the exports: the journal's own (``JournalJSON``), with
/// non-finite numbers as strings rather than a failed export. One encoder serves a whole export.
enum ExportJSON {
    static let format = "warroom-export"
    static let version = 1
    /// Which warroom wrote the export (`warroom 0.1.0`): not part of the format, so readers never check it.
    static var generator: String { WarroomVersion.writer }

    fileprivate static let infinity = (positive: "Infinity", negative: "-Infinity", nan: "NaN")

    static func encoder() -> JSONEncoder {
        let encoder = JournalJSON.makeEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: infinity.positive, negativeInfinity: infinity.negative, nan: infinity.nan)
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JournalJSON.makeDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: infinity.positive, negativeInfinity: infinity.negative, nan: infinity.nan)
        return decoder
    }
}

extension JSONEncoder {
    /// Appends one value's JSON to `bytes`; every piece of untrusted text is escaped by the encoder itself.
    func append<T: Encodable>(_ value: T, to bytes: inout [UInt8]) throws {
        bytes.append(contentsOf: try encode(value))
    }
}

/// One flat JSON object written by hand, byte for byte as ``ExportJSON/encoder()`` writes it, for the lines an
/// export writes 100,000 times: the encoder's generic machinery was most of an export's time. The caller adds
/// the keys in sorted order, as the encoder's `.sortedKeys` would; tests hold the two writers to the same bytes.
struct JSONObjectText {
    private var bytes: [UInt8] = []
    private var empty = true

    /// Appends one object to `bytes`, its fields added by `fill`.
    static func append(to bytes: inout [UInt8], _ fill: (inout JSONObjectText) -> Void) {
        var object = JSONObjectText()
        swap(&object.bytes, &bytes)  // the buffer moves in and out without a copy
        object.bytes.append(UInt8(ascii: "{"))
        fill(&object)
        object.bytes.append(UInt8(ascii: "}"))
        swap(&object.bytes, &bytes)
    }

    mutating func add(_ key: StaticString, string value: String) {
        open(key)
        Self.appendString(value, to: &bytes)
    }

    mutating func add(_ key: StaticString, number value: Double) {
        open(key)
        guard value.isFinite else {
            let name = value.isNaN ? ExportJSON.infinity.nan
                : value > 0 ? ExportJSON.infinity.positive : ExportJSON.infinity.negative
            Self.appendString(name, to: &bytes)
            return
        }
        // The encoder's form: Swift's shortest round-trip digits, without a trailing ".0".
        let digits = value.description
        bytes.append(contentsOf: (digits.hasSuffix(".0") ? digits.dropLast(2) : digits[...]).utf8)
    }

    mutating func add(_ key: StaticString, integer value: Int64) {
        open(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `json` must already be one JSON value on one line.
    mutating func add(_ key: StaticString, json: String) {
        open(key)
        bytes.append(contentsOf: json.utf8)
    }

    private mutating func open(_ key: StaticString) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    /// A JSON string as the encoder escapes it (slashes unescaped): quote, backslash, and control characters,
    /// the common ones by name and the rest as `\u00xx`. Everything else, including non-ASCII, as it is.
    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = value.utf8
        if utf8.contains(where: needsEscape) {
            for byte in utf8 {
                if needsEscape(byte) { appendEscape(byte, to: &bytes) } else { bytes.append(byte) }
            }
        } else {
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        let named: Character? = switch byte {
        case UInt8(ascii: "\""): "\""
        case UInt8(ascii: "\\"): "\\"
        case UInt8(ascii: "\n"): "n"
        case UInt8(ascii: "\r"): "r"
        case UInt8(ascii: "\t"): "t"
        case 0x08: "b"
        case 0x0C: "f"
        default: nil
        }
        bytes.append(UInt8(ascii: "\\"))
        if let named {
            bytes.append(named.asciiValue!)
        } else {
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: "u00".utf8)
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0xF)])
        }
    }
}
