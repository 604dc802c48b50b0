import Foundation
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

extension CommandOutcome {
    /// Why the run failed, worded for the screen; nil when the command exited 0 (its output is then the caller's
    /// to judge).
    public var failure: String? {
        switch self {
        case .timedOut(let limit):
            "timed out after \(Self.seconds(limit)) and was killed"
        case .couldNotRun(let reason):
            "could not run: \(reason)"
        case .finished(.signalled(let signal), _, let errorOutput):
            "killed by signal \(signal)" + (Self.firstLine(of: errorOutput).map { ": \($0)" } ?? "")
        case .finished(.exited(let status), _, let errorOutput) where status != 0:
            "exited with status \(status)" + (Self.firstLine(of: errorOutput).map { ": \($0)" } ?? "")
        case .finished(.exited, _, _):
            nil
        }
    }

    /// Output lines, without CR; a last line without its newline still counts.
    static func lines(of output: [UInt8]) -> [String] {
        var lines = output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The first non-blank line of standard error, shortened: the usual place a command says what went wrong.
    static func firstLine(of errorOutput: [UInt8]) -> String? {
        let line = lines(of: errorOutput).lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        return line?.excerpt(200)
    }

    static func seconds(_ duration: Duration) -> String {
        let (whole, fraction) = duration.components
        if fraction == 0 { return "\(whole) s" }
        let value = Double(whole) + Double(fraction) / 1e18
        return "\((value * 1000).rounded() / 1000) s"
    }
}
