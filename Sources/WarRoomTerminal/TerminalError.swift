/// Why the curses terminal could not start.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe or a file); use the text backend instead.
    case notATerminal
    /// curses does not know the terminal type in TERM.
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal:
            "standard input and output must be a terminal; run headless (e.g. with the text backend) when piping"
        case .unknownTerminal(let name):
            "curses cannot drive terminal type '\(name)'; set TERM to a known type such as xterm-256color"
        }
    }
}
