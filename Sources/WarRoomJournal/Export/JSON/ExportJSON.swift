import Foundation

/// The JSON dialect of the exports: the journal's own (``JournalJSON``), with
/// non-finite numbers as strings rather than a failed export. One encoder serves a whole export.
enum ExportJSON {
    static let format = "warroom-export"
    static let version = 1

    private static let infinity = (positive: "Infinity", negative: "-Infinity", nan: "NaN")

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
    /// Appends one value's JSON to `text`; every piece of untrusted text is escaped by the encoder itself.
    func append<T: Encodable>(_ value: T, to text: inout String) throws {
        text += String(decoding: try encode(value), as: UTF8.self)
    }
}
