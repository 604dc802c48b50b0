/// How one run of a command ended, as data, so what it means for the feed can be decided (and tested) without
/// running anything.
public enum CommandOutcome: Sendable, Hashable {
    /// How a process that ran to its end stopped.
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signalled(Int32)
    }

    case finished(Termination, output: [UInt8], errorOutput: [UInt8])
    /// Still running at the timeout; it was killed, with what it started.
    case timedOut(after: Duration)
    /// It never ran, or its output could not be collected (e.g. more than the output limit).
    case couldNotRun(String)
}
