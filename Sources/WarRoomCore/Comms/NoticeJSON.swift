/// A JSON document a notice sends, with its members in the order the service documents them and its secrets kept as
/// references: written once with each secret named (`"routing_key": "${PD_ROUTING_KEY}"`) for the comms view, and
/// once with the values for the request, the two texts identical but for the secrets.
public indirect enum NoticeJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    /// A string whose value is a secret's: written as `${NAME}` unless revealed.
    case secret(SecretReference)
    case array([NoticeJSON])
    case object([Member])

    /// One member of an object; names are unique within it (``NoticeJSON/object(_:)`` is built through
    /// ``NoticeJSON/members(_:)``, which keeps the first of a name).
    public struct Member: Sendable, Hashable {
        public var name: String
        public var value: NoticeJSON

        public init(_ name: String, _ value: NoticeJSON) {
            self.name = name
            self.value = value
        }
    }

    /// An object of `members` in order, a repeated name dropped (the first stands), so no receiver has to guess
    /// which of two it keeps.
    public static func members(_ members: [Member]) -> NoticeJSON {
        var seen: Set<String> = []
        return .object(members.filter { seen.insert($0.name).inserted })
    }

    /// A string, or null when there is none.
    public static func optional(_ text: String?) -> NoticeJSON { text.map(NoticeJSON.string) ?? .null }

    /// Every secret it holds, first use first, each once.
    public var secrets: [SecretReference] {
        var found: [SecretReference] = []
        collectSecrets(into: &found)
        return found
    }

    private func collectSecrets(into found: inout [SecretReference]) {
        switch self {
        case .null, .bool, .int, .string: break
        case .secret(let reference): if !found.contains(reference) { found.append(reference) }
        case .array(let items): items.forEach { $0.collectSecrets(into: &found) }
        case .object(let members): members.forEach { $0.value.collectSecrets(into: &found) }
        }
    }

    /// The document, indented by two spaces, each secret written as `value(secret)`: its reference (`${NAME}`) for
    /// display, its value for the request.
    public func text(secret value: (SecretReference) -> String) -> String {
        var text = ""
        write(to: &text, indent: "", secret: value)
        return text
    }

    /// The document with every secret named, never revealed: what the comms view shows.
    public var redacted: String { text(secret: \.description) }

    private func write(to text: inout String, indent: String, secret: (SecretReference) -> String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .int(let value): text += String(value)
        case .string(let value): Self.quote(value, into: &text)
        case .secret(let reference): Self.quote(secret(reference), into: &text)
        case .array(let items):
            guard !items.isEmpty else { text += "[]"; return }
            let inner = indent + "  "
            text += "["
            for (index, item) in items.enumerated() {
                text += (index == 0 ? "\n" : ",\n") + inner
                item.write(to: &text, indent: inner, secret: secret)
            }
            text += "\n" + indent + "]"
        case .object(let members):
            guard !members.isEmpty else { text += "{}"; return }
            let inner = indent + "  "
            text += "{"
            for (index, member) in members.enumerated() {
                text += (index == 0 ? "\n" : ",\n") + inner
                Self.quote(member.name, into: &text)
                text += ": "
                member.value.write(to: &text, indent: inner, secret: secret)
            }
            text += "\n" + indent + "}"
        }
    }

    /// A JSON string (RFC 8259). Beyond the escapes JSON requires, every control ``InertText`` names (DEL, C1, the
    /// bidi controls, the line and paragraph separators) is written as `\uXXXX`: the same value, and nothing in the
    /// document's bytes a terminal or a log viewer would act on.
    static func quote(_ value: String, into text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            default:
                if scalar.value < 0x20 || InertText.isControl(scalar) {
                    text += "\\u" + Self.hex4(scalar.value)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
