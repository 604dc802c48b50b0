import Foundation

/// The two shapes Kubernetes allows a name (RFC 1123): objects such as a Rollout take a subdomain, namespaces a label.
enum KubernetesName {
    /// Lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit.
    case subdomain
    /// Lowercase letters, digits and '-', starting and ending with a letter or digit.
    case label

    var maximumLength: Int {
        switch self {
        case .subdomain: 253
        case .label: 63
        }
    }

    /// What the rule is, for a hint.
    var rule: String {
        switch self {
        case .subdomain:
            "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, "
                + "at most \(maximumLength) characters (RFC 1123)"
        case .label:
            "lowercase letters, digits and '-', starting and ending with a letter or digit, "
                + "at most \(maximumLength) characters (RFC 1123 label)"
        }
    }

    func accepts(_ text: String) -> Bool {
        guard text.count <= maximumLength else { return false }
        let parts = allowsDots ? text.split(separator: ".", omittingEmptySubsequences: false) : [Substring(text)]
        return parts.allSatisfy { part in
            guard let first = part.first, let last = part.last else { return false }
            return Self.isLetterOrDigit(first) && Self.isLetterOrDigit(last)
                && part.allSatisfy { Self.isLetterOrDigit($0) || $0 == "-" }
        }
    }

    /// The nearest name the rule accepts: lowercased without accents, with every run of other characters made one '-'
    /// (`Checkout_API` → `checkout-api`, `Zürich` → `zurich`); nil when there is none.
    func suggestion(for text: String) -> String? {
        var written = ""
        for character in text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased() {
            if Self.isLetterOrDigit(character) || (allowsDots && character == ".") {
                written.append(character)
            } else if written.last != "-" {
                written.append("-")
            }
        }
        let parts = written.split(separator: ".").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "-")) }
        let suggestion = parts.filter { !$0.isEmpty }.joined(separator: ".")
        return suggestion != text && accepts(suggestion) ? suggestion : nil
    }

    private var allowsDots: Bool { self == .subdomain }

    private static func isLetterOrDigit(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber)
    }
}
