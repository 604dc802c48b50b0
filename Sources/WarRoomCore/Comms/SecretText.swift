/// A URL or a header value that may hold a secret, kept in parts so it can be shown with the secret named
/// (`Bearer ${HOOK_TOKEN}`) and sent with its value: a Slack webhook's URL is a secret whole, a bearer header holds
/// one after its scheme.
public struct SecretText: Sendable, Hashable, CustomStringConvertible {
    public enum Part: Sendable, Hashable {
        case text(String)
        case secret(SecretReference)
    }

    public var parts: [Part]

    public init(_ parts: [Part]) { self.parts = parts }

    /// Plain text, no secret in it.
    public init(_ text: String) { self.parts = [.text(text)] }

    /// Text the plan wrote, which is a secret when written as a reference (`${HOOK_URL}`), plain text otherwise.
    public init(written text: String) {
        self.parts = [SecretReference(parsing: text).map(Part.secret) ?? .text(text)]
    }

    public var secrets: [SecretReference] {
        parts.compactMap { part in
            guard case .secret(let reference) = part else { return nil }
            return reference
        }
    }

    /// The text with each secret written as `value(secret)`.
    public func text(secret value: (SecretReference) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .secret(let reference): value(reference)
            }
        }.joined()
    }

    /// The text with every secret named, never revealed.
    public var redacted: String { text(secret: \.description) }

    public var description: String { redacted }
}
