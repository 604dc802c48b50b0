import Foundation

extension NoticePayload {
    /// The request with its secrets' values, ready to post. It never prints them: its description and mirror hide
    /// everything, so a stray `print` or `dump` cannot leak a webhook URL or a routing key.
    public struct Revealed: Sendable, CustomStringConvertible, CustomReflectable {
        public var url: String
        public var headers: [(name: String, value: String)]
        public var body: String
        /// Each secret's value and its reference, for scrubbing a value out of anything a person will read.
        public var secretValues: [(value: String, reference: SecretReference)]

        public var description: String { "a notice request with its secrets revealed (not shown)" }
        public var customMirror: Mirror { Mirror(self, children: [:]) }
    }

    /// Why a notice cannot be sent as the plan and the environment stand; another try fails the same way.
    public enum Problem: Error, Sendable, Hashable {
        /// The target names no URL.
        case noURL
        case unset(SecretReference, role: String)
        /// A value with a line break, a control character or another character outside printable ASCII, which would
        /// break the request or smuggle another header into it.
        case unusable(SecretReference, role: String)
        /// The URL, as written in the plan or read from the environment, is not http or https; `shown` names it
        /// without any secret.
        case notHTTP(shown: String)

        /// What is wrong and what fixes it, never a secret's value.
        public var words: String {
            switch self {
            case .noURL:
                "the target names no URL: give it `url:` in the plan"
            case .unset(let reference, let role):
                "\(role) is not set: set \(reference.variable) in the evaluating war room's environment"
            case .unusable(let reference, let role):
                "\(reference.variable) (\(role)) holds a line break, a control character or a character outside "
                    + "printable ASCII: set \(reference.variable) to the value alone in the evaluating war room's environment"
            case .notHTTP(let shown):
                "\(shown) is not an http or https URL"
            }
        }
    }

    /// The request with every secret's value from `environment`, each trimmed of surrounding white space; or the
    /// first problem in the order the request uses them.
    public func revealed(in environment: [String: String]) -> Result<Revealed, Problem> {
        guard let url else { return .failure(.noURL) }
        var values: [SecretReference: String] = [:]
        for needed in secrets {
            guard let raw = needed.reference.resolve(in: environment) else {
                return .failure(.unset(needed.reference, role: needed.role))
            }
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return .failure(.unset(needed.reference, role: needed.role)) }
            // Every secret goes into a URL, a header or a key, where only printable ASCII belongs.
            let unusable = value.unicodeScalars.contains { !(0x20...0x7E).contains($0.value) }
            guard !unusable else { return .failure(.unusable(needed.reference, role: needed.role)) }
            values[needed.reference] = value
        }
        let reveal = { (reference: SecretReference) in values[reference] ?? reference.description }
        let address = url.text(secret: reveal)
        guard Self.isHTTP(address) else {
            let shown = url.secrets.isEmpty ? "the URL \(InertText.joinedLine(address))"
                : "the URL in \(url.secrets.map(\.variable).joined(separator: ", "))"
            return .failure(.notHTTP(shown: shown))
        }
        return .success(Revealed(
            url: address,
            headers: headers.map { ($0.name, $0.value.text(secret: reveal)) },
            body: body.text(secret: reveal),
            secretValues: secrets.compactMap { needed in values[needed.reference].map { ($0, needed.reference) } }))
    }

    /// Whether `text` starts as an http or https URL with a host, however the case of its scheme is written.
    static func isHTTP(_ text: String) -> Bool {
        let lower = text.lowercased()
        for scheme in ["http://", "https://"] where lower.hasPrefix(scheme) {
            return lower.count > scheme.count
        }
        return false
    }
}
