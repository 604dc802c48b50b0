/// Why a metric line was rejected, in words a person can act on, with the 1-based column when one is known.
public struct MetricParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var column: Int?

    public init(message: String, column: Int? = nil) {
        self.message = message
        self.column = column
    }

    public var description: String { column.map { "column \($0): \(message)" } ?? message }
}
