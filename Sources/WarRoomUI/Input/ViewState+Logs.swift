import Foundation
import WarRoomCore

/// The logs pane's keys: scrolling, searching, filtering, following. Each returns what the status line should say.
extension ViewState {
    /// The lines the pane shows now, by number, oldest first.
    func shownLogs(_ state: AppState) -> [Int] {
        logView.shown(in: state)
    }

    mutating func moveInLogs(_ action: KeyAction, state: AppState) -> String? {
        let shown = shownLogs(state)
        switch action {
        case .nextMatch, .previousMatch:
            guard let search = logView.search else { return "No search yet: press / to search the logs." }
            let forward = action == .nextMatch
            let found = jump(in: shown, forward: forward, state: state) { search.matches(LogRow.body(of: $0)) }
            return found ? nil : "No \(forward ? "newer" : "older") line matches \(search.label)."
        case .nextError, .previousError:
            let forward = action == .nextError
            let found = jump(in: shown, forward: forward, state: state) { $0.level.isError }
            return found ? nil : "No \(forward ? "newer" : "older") error in the logs."
        case .filterMatches:
            guard let search = logView.search else { return "No search to filter by: press / to search the logs." }
            logView.onlyMatches.toggle()
            let count = shownLogs(state).count
            return logView.onlyMatches ? "Showing only the \(count) line\(count == 1 ? "" : "s") matching \(search.label); f shows all."
                : "Showing every line, matches highlighted."
        case .cycleLevel:
            logView.levels = logView.levels.next
            return "Logs: \(logView.levels.label ?? "every level") (\(shownLogs(state).count) of \(state.logs.count) lines)."
        case .togglePause:
            if logView.isPaused {
                logView.follow()
                return "Following the newest log line."
            }
            guard let newest = shown.last else { return "No log lines to pause on yet." }
            logView.pause(at: newest, taken: state.logsTaken)
            return "Logs paused: new lines are counted, not shown; F follows again."
        case .oldest:
            guard let oldest = shown.first else { return nil }
            logView.pause(at: oldest, taken: state.logsTaken)
            logView.marked = nil
        case .newest:
            logView.follow()
        default:
            break
        }
        return nil
    }

    /// One row up (negative) or down among the rows shown; going past the newest follows again.
    mutating func scrollLogs(by step: Int, state: AppState) {
        let shown = shownLogs(state)
        guard !shown.isEmpty else { return }
        let current = logView.anchor.map { anchor in shown.lastIndex { $0 <= anchor } ?? 0 } ?? shown.count - 1
        let target = current + step
        logView.marked = nil
        if target >= shown.count - 1 {
            logView.follow()
        } else {
            logView.pause(at: shown[max(0, target)], taken: state.logsTaken)
        }
    }

    /// Puts the next (or previous) shown line that `matches` in view, marked; returns whether there was one.
    private mutating func jump(in shown: [Int], forward: Bool, state: AppState, where matches: (LogLine) -> Bool) -> Bool {
        // From the marked line, or the one in view; following, from the newest line itself.
        let from = logView.marked ?? logView.anchor
        if from == nil, forward { return false }
        let ordered: [Int] = forward ? shown : shown.reversed()
        let after = ordered.lazy.filter { number in from.map { forward ? number > $0 : number < $0 } ?? true }
        guard let found = after.first(where: { matches(state.logLine(numbered: $0)) }) else { return false }
        mark(found, state: state)
        return true
    }

    private mutating func mark(_ number: Int, state: AppState) {
        logView.pause(at: number, taken: state.logsTaken)
        logView.marked = number
    }

    /// Applies a search typed at `/`; an empty one clears the search. The newest match is put in view.
    mutating func search(for text: String, isRegex: Bool, state: AppState) -> String? {
        guard !text.isEmpty else {
            modal = nil
            logView.search = nil
            logView.onlyMatches = false
            logView.marked = nil
            return "Search cleared."
        }
        let search = LogSearch(text: text, isRegex: isRegex)
        if let problem = search.problem { return "Not searched: \(problem)." }
        modal = nil
        logView.search = search
        logView.marked = nil
        let shown = shownLogs(state)
        let count = shown.count { search.matches(LogRow.body(of: state.logLine(numbered: $0))) }
        guard count > 0 else {
            return "No line of the \(state.logs.count) kept matches \(search.label) yet; new ones are highlighted as they come."
        }
        logView.anchor = nil
        _ = jump(in: shown, forward: false, state: state) { search.matches(LogRow.body(of: $0)) }
        return "\(count) line\(count == 1 ? "" : "s") match \(search.label): < > move between them, f shows only them."
    }

    /// Puts the log lines around the moment a metric breached in view, the first line at or after it marked.
    mutating func showLogs(aroundBreachOf metric: String, state: AppState) -> String {
        guard let moment = state.breachMoment(of: metric) else {
            return "\(metric) has not left OK: there is no moment to look for in the logs."
        }
        let when = TimeText.clock(moment)
        logView.onlyMatches = false
        let shown = shownLogs(state)
        guard let oldest = shown.first else { return "No log lines are kept to show around \(when)." }
        if state.logLine(numbered: oldest).time > moment {
            mark(oldest, state: state)
            return "The logs kept start at \(TimeText.clock(state.logLine(numbered: oldest).time)), after \(metric) breached at \(when)."
        }
        let found = shown.first { state.logLine(numbered: $0).time >= moment } ?? shown[shown.count - 1]
        mark(found, state: state)
        return "Logs at \(when), when \(metric) breached; F follows the newest again."
    }
}
