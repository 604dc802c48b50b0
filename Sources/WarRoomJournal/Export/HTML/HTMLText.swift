import WarRoomCore

/// The one way untrusted text (notes, log lines, plan text, names) enters the HTML export, in element
/// content, in attribute values and inside SVG `<text>` alike.
enum HTMLText {
    /// Controls are made visible by the one policy for outside text (`InertText`: `␛`, `⟨U+202E⟩`; line feeds
    /// and tabs stay), then `& < > " '` become character references, so the text can close no element and no
    /// quoted attribute.
    static func escape(_ text: String) -> String {
        var result = ""
        append(text, to: &result)
        return result
    }

    /// Escapes `text` onto the end of `output`. Works on UTF-8 bytes, and text with nothing to escape is
    /// appended as it is: the timeline of a long release escapes a few hundred thousand strings.
    static func append(_ text: String, to output: inout String) {
        var text = InertText.lines(text)
        let escaped: String? = text.withUTF8 { bytes in
            guard bytes.contains(where: { needsWork[Int($0)] }) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 32)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): result += Array("&amp;".utf8)
                case UInt8(ascii: "<"): result += Array("&lt;".utf8)
                case UInt8(ascii: ">"): result += Array("&gt;".utf8)
                case UInt8(ascii: "\""): result += Array("&quot;".utf8)
                case UInt8(ascii: "'"): result += Array("&#39;".utf8)
                default: result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
        output += escaped ?? text
    }

    /// The bytes `append` changes once controls are visible: `& < > " '`.
    private static let needsWork: [Bool] = (0..<256).map { (byte: Int) -> Bool in "&<>\"'".utf8.contains(UInt8(byte)) }
}
