/// A secret named by its environment variable (`${PROM_TOKEN}`): the plan, the journal and every export
/// hold only the name; the value is read from the environment when a source connects.
public struct SecretReference: Sendable, Codable, Hashable, CustomStringConvertible {
    public var variable: String

    public init(variable: String) {
        self.variable = variable
    }

    /// `${NAME}` written whole; nil for anything else, literal tokens included.
    public init?(parsing text: String) {
        guard text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 else { return nil }
        let name = text.dropFirst(2).dropLast()
        guard Self.isVariableName(name) else { return nil }
        self.variable = String(name)
    }

    /// Letters, digits and `_`, not starting with a digit: what a shell accepts as a variable name.
    public static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// The value from `environment`; nil when the variable is unset or empty.
    public func resolve(in environment: [String: String]) -> String? {
        environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Always the reference, never the value.
    public var description: String { "${\(variable)}" }
}
