/// A one-sided threshold such as `< 1%` or `> 1100rps`.
public struct Bound: Sendable, Codable, Hashable {
    public enum Comparison: String, Sendable, Codable, Hashable {
        case below = "<"
        case atMost = "<="
        case above = ">"
        case atLeast = ">="
    }

    public var comparison: Comparison
    public var value: Double

    public init(_ comparison: Comparison, _ value: Double) {
        self.comparison = comparison
        self.value = value
    }

    public func isSatisfied(by sample: Double) -> Bool {
        switch comparison {
        case .below: sample < value
        case .atMost: sample <= value
        case .above: sample > value
        case .atLeast: sample >= value
        }
    }

    /// True when values must stay small (`<`, `<=`) for this bound to hold.
    public var wantsLow: Bool { comparison == .below || comparison == .atMost }

    public func describe(unit: MetricUnit) -> String { "\(comparison.rawValue) \(unit.format(value))" }
}
