import WarRoomCore

/// A character a plan may not hold, and why: it would act on the terminal that shows the plan, reorder what a reader
/// sees, or YAML would read it as a line break the editor does not show, or refuse it outright.
enum UnsafeCharacter: Equatable {
    /// C0 controls other than tab and line feed, DEL, and C1 controls (NEL aside).
    case control(Unicode.Scalar)
    /// Bidirectional formatting characters: the text reads in another order than it is written.
    case bidi(Unicode.Scalar)
    /// NEL, U+2028, U+2029, and a carriage return with no line feed after it: line breaks to YAML, not to editors.
    case lineBreak(Unicode.Scalar)
    /// U+FFFE and U+FFFF, which YAML refuses.
    case noncharacter(Unicode.Scalar)

    /// Nil when `scalar` is fine; `next` tells a CRLF line end from a lone carriage return.
    init?(_ scalar: Unicode.Scalar, followedBy next: Unicode.Scalar?) {
        switch scalar.value {
        case 0x09, 0x0A: return nil
        case 0x0D: if next == "\n" { return nil } else { self = .lineBreak(scalar) }
        case 0x85, 0x2028, 0x2029: self = .lineBreak(scalar)
        case 0xFFFE, 0xFFFF: self = .noncharacter(scalar)
        case 0x00...0x1F, 0x7F...0x9F: self = .control(scalar)
        default:
            guard InertText.isControl(scalar) else { return nil }
            self = .bidi(scalar)
        }
    }

    var scalar: Unicode.Scalar {
        switch self {
        case .control(let scalar), .bidi(let scalar), .lineBreak(let scalar), .noncharacter(let scalar): scalar
        }
    }

    /// `U+001B`.
    var codePoint: String { InertText.codePoint(scalar) }

    /// How the character is shown in text that must stay inert: the policy's form (every unsafe character has one).
    var visible: String { InertText.visible(scalar) ?? "⟨\(codePoint)⟩" }

    /// What stands in for it in the text YAML parses: one scalar, so every column after it stays true, and one
    /// that quotes readably in a message (`␛`) where InertText has a picture for it, else U+FFFD.
    var standIn: Unicode.Scalar {
        let picture = visible.unicodeScalars
        return picture.count == 1 ? picture.first! : "\u{FFFD}"
    }

    /// What is wrong; `escaped` when a double-quoted escape wrote the character, so the file does not show it.
    func message(escaped: Bool = false) -> String {
        let place = escaped ? "in the plan, written as an escape" : "in the plan"
        switch self {
        case .control: return "control character \(codePoint) (shown as \(visible)) \(place); a plan holds plain text"
        case .bidi: return "bidirectional control \(codePoint) \(place): it makes text display in another order than it is written"
        case .lineBreak(let scalar) where escaped:
            return "\(scalar == "\r" ? "carriage return (U+000D)" : codePoint + " (a line separator)") \(place): it breaks the line where it is shown"
        case .lineBreak(let scalar) where scalar == "\r": return "carriage return (U+000D) without a line feed: YAML reads a line break here"
        case .lineBreak: return "\(codePoint) (a line separator) \(place): YAML reads a line break here, which editors do not show"
        case .noncharacter: return "\(codePoint) is not a character, and YAML refuses it"
        }
    }

    var hint: String {
        switch self {
        case .control: "delete it; a control character shown on a terminal could move the cursor, retitle the window or write the clipboard"
        case .bidi: "delete it; right-to-left text displays correctly without it"
        case .lineBreak(let scalar) where scalar == "\r": "save the file with LF or CRLF line endings"
        case .lineBreak: "replace it with a space, or with a real line break"
        case .noncharacter: "delete it"
        }
    }
}
