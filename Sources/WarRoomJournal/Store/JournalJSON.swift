import Foundation
import WarRoomCore

/// The one JSON dialect of the journal: sorted keys so a plan always hashes the same, and dates as
/// Unix seconds so they survive a round trip exactly and match the `events.time` column. An infinite number (a rate
/// ratio's open upper end) is written `"inf"`: JSON has none, and an entry the encoder refused would hold up every
/// entry of the evaluator's turn behind it.
enum JournalJSON {
    static func encode<T: Encodable>(_ value: T, using encoder: JSONEncoder = makeEncoder()) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try makeDecoder().decode(type, from: Data(text.utf8))
    }

    /// One decoder for a whole read: making one per entry costs more than decoding the entry.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// FNV-1a 64 of the text as 16 hex digits: stable across runs and platforms, unlike `hashValue`.
    static func fingerprint(_ text: String) -> String {
        let hex = String(StableHash.fnv1a(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
