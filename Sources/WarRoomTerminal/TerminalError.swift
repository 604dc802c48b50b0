/// Why the curses terminal could not start.
public enum TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe or a file).
    case notATerminal
    /// curses does not know the terminal type in TERM.
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal:
            "warroom draws a full screen, so standard input and output must be a terminal (not a pipe or a file); run it directly in a terminal, or in tmux or screen"
        case .unknownTerminal(let name):
            "curses cannot drive terminal type '\(name)'; set TERM to a known type such as xterm-256color"
        }
    }
}
