/// The one way untrusted text (notes, log lines, plan text, names) enters the HTML export, in element
/// content, in attribute values and inside SVG `<text>` alike.
enum HTMLText {
    /// `& < > " '` become character references, so the text can close no element and no quoted attribute;
    /// control characters (escape sequences) become U+FFFD, line feeds and tabs stay, carriage returns go.
    static func escape(_ text: String) -> String {
        var result = ""
        append(text, to: &result)
        return result
    }

    /// Escapes `text` onto the end of `output`. Works on UTF-8 bytes, and text with nothing to escape is
    /// appended as it is: the timeline of a long release escapes a few hundred thousand strings.
    static func append(_ text: String, to output: inout String) {
        var text = text
        let escaped: String? = text.withUTF8 { bytes in
            guard bytes.contains(where: { needsWork[Int($0)] }) else { return nil }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 32)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case 0x09, 0x0A: result.append(byte)
                case 0x0D: continue  // CRLF line ends keep their line feed
                case 0x00..<0x20, 0x7F: result += replacement
                case UInt8(ascii: "&"): result += Array("&amp;".utf8)
                case UInt8(ascii: "<"): result += Array("&lt;".utf8)
                case UInt8(ascii: ">"): result += Array("&gt;".utf8)
                case UInt8(ascii: "\""): result += Array("&quot;".utf8)
                case UInt8(ascii: "'"): result += Array("&#39;".utf8)
                case 0xC2 where index < bytes.count && (0x80...0x9F).contains(bytes[index]):
                    // A C1 control character (U+0080–U+009F), such as the one-byte CSI.
                    result += replacement
                    index += 1
                default:
                    result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        }
        output += escaped ?? text
    }

    /// U+FFFD in UTF-8.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// The bytes `append` changes: controls (but tab and line feed), `& < > " '`, and 0xC2 (which may open a C1 control).
    private static let needsWork: [Bool] = (0..<256).map { (byte: Int) -> Bool in
        let control = byte < 0x20 && byte != 0x09 && byte != 0x0A
        return control || byte == 0x7F || byte == 0xC2 || "&<>\"'".utf8.contains(UInt8(byte))
    }
}
