import Foundation
import WarRoomCore

/// How the logs pane is being looked at: a search, which rows it lets through, and whether it follows the newest line.
/// Lines are named by their number in the fold (``AppState/logsTaken``), so a paused pane keeps showing the same
/// lines while new ones arrive.
public struct LogView: Sendable, Hashable {
    public var search: LogSearch?
    /// Only rows that match the search, rather than every row with the matches highlighted.
    public var onlyMatches = false
    public var levels = LevelFilter.all
    /// The number of the line at the bottom of the pane while paused; nil while following the newest.
    public var anchor: Int?
    /// ``AppState/logsTaken`` when the pane paused, so the title can say how many lines came since.
    public var takenAtPause = 0
    /// A line to point at: the match or error jumped to, or the moment a metric breached.
    public var marked: Int?

    public init() {}

    public var isPaused: Bool { anchor != nil }

    /// Whether a line is shown under the filters.
    public func admits(_ line: LogLine) -> Bool {
        guard levels.admits(line.level) else { return false }
        guard onlyMatches, let search else { return true }
        return search.matches(LogRow.body(of: line))
    }

    /// The numbers of the kept lines it shows, oldest first.
    public func shown(in state: AppState) -> [Int] {
        var numbers: [Int] = []
        numbers.reserveCapacity(state.logs.count)
        for (offset, line) in state.logs.enumerated() where admits(line) { numbers.append(state.firstLogNumber + offset) }
        return numbers
    }

    /// The same view with the match filter on or off.
    func with(onlyMatches: Bool) -> LogView {
        var view = self
        view.onlyMatches = onlyMatches
        return view
    }

    mutating func pause(at number: Int, taken: Int) {
        if anchor == nil { takenAtPause = taken }
        anchor = number
    }

    mutating func follow() {
        anchor = nil
        marked = nil
    }
}

/// The log levels the pane shows.
public enum LevelFilter: Sendable, Hashable, CaseIterable {
    case all, warnings, errors

    public func admits(_ level: LogLevel) -> Bool {
        switch self {
        case .all: true
        case .warnings: level == .warn || level.isError
        case .errors: level.isError
        }
    }

    /// The next filter `l` moves to.
    public var next: LevelFilter {
        switch self {
        case .all: .warnings
        case .warnings: .errors
        case .errors: .all
        }
    }

    /// How the pane's title names it; nil when it lets everything through.
    public var label: String? {
        switch self {
        case .all: nil
        case .warnings: "warn+error"
        case .errors: "errors only"
        }
    }
}

/// A search through the logs as it is typed: literal text, or a regular expression. Lower-case text ignores case;
/// text with a capital letter matches case exactly (as `less` and `vim`'s smart case do).
public struct LogSearch: Sendable, Hashable {
    public let text: String
    public let isRegex: Bool
    /// Compiled once, when the search is made; nil when the text is not a regular expression.
    private let expression: Expression?

    public init(text: String, isRegex: Bool) {
        self.text = text
        self.isRegex = isRegex
        let options: NSRegularExpression.Options = text.contains(where: \.isUppercase) ? [] : [.caseInsensitive]
        let pattern = isRegex ? text : NSRegularExpression.escapedPattern(for: text)
        expression = (try? NSRegularExpression(pattern: pattern, options: options)).map(Expression.init)
    }

    /// Why the text cannot be searched for; nil when it can.
    public var problem: String? {
        expression == nil ? "not a regular expression: \(text) (Tab in the prompt searches for it literally)" : nil
    }

    /// How the title and prompt show it: `"text"` or `/regex/`.
    public var label: String { isRegex ? "/\(text)/" : "\"\(text)\"" }

    public static func == (lhs: LogSearch, rhs: LogSearch) -> Bool { lhs.text == rhs.text && lhs.isRegex == rhs.isRegex }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(isRegex)
    }

    /// A compiled expression is immutable and safe to share; Foundation just does not say so.
    private final class Expression: @unchecked Sendable {
        let regex: NSRegularExpression
        init(_ regex: NSRegularExpression) { self.regex = regex }
    }

    public func matches(_ text: String) -> Bool { !ranges(in: text, limit: 1).isEmpty }

    /// Where it matches `text`, at most `limit` times; an empty match is no match.
    public func ranges(in text: String, limit: Int = .max) -> [Range<String.Index>] {
        guard !self.text.isEmpty, let expression else { return [] }
        var found: [Range<String.Index>] = []
        let whole = NSRange(text.startIndex..., in: text)
        expression.regex.enumerateMatches(in: text, range: whole) { match, _, stop in
            guard let match, match.range.length > 0, let range = Range(match.range, in: text) else { return }
            found.append(range)
            if found.count >= limit { stop.pointee = true }
        }
        return found
    }
}

/// How one log line reads in the pane.
public enum LogRow {
    /// The line's text as drawn and searched: inert, on one line.
    public static func body(of line: LogLine) -> String { TextWidth.sanitize(line.text) }
}
