/// A property a fuzz target's output broke (a sample out of range, an empty reason, an error the length of its
/// input): thrown from the body of ``Fuzzer/run(sourceLocation:_:)``, which records it with the input. Any other
/// error is the parser refusing bad input, which is expected.
public struct FuzzFinding: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// Throws `message` unless `condition` holds.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw FuzzFinding(message()) }
    }

    public var description: String { message }
}
