/// Why a sentence could not be read as a trigger rule.
struct RuleReadError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
