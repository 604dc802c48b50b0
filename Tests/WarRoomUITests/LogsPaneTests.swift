import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
@testable import WarRoomUI

/// The logs pane as lnav users expect it: search, highlight, filter, levels, pause and follow, jumps.
@Suite struct LogsPaneTests {
    /// The mid-release scene with a busy minute from two logs: requests, timeouts, retries and a panic.
    static func busy() throws -> AppState {
        var state = try Scene.midRelease()
        var events: [Event] = []
        for index in 0..<40 {
            let time = Scene.at(22).addingTimeInterval(Double(index))
            let (level, text, source): (LogLevel, String, String) = switch index % 8 {
            case 3: (.error, "upstream payments-gw timeout after 2000ms (order \(1000 + index))", "app")
            case 5: (.warn, "retrying payments-gw after Timeout (attempt \(index % 3 + 1))", "worker")
            case 7: (.info, "queue depth \(index * 3)", "worker")
            default: (.info, "GET /api/checkout 200 \(40 + index)ms", "app")
            }
            events.append(.log(LogLine(time: time, level: level, text: text, source: source)))
        }
        events.append(.tick(Scene.at(22).addingTimeInterval(41)))
        Scene.run(&state, events)
        return state
    }

    func screen(_ width: Int, _ height: Int, _ state: AppState, _ view: ViewState) throws -> Buffer {
        let layouts = ScreenGoldenTests()
        let layout = Screen.pickLayout(preferred: try layouts.layout("default"), fallback: try layouts.layout("compact"),
                                       width: width, height: height)
        return Screen(state: state, view: view, layout: layout).render(width: width, height: height)
    }

    func type(_ text: String, into view: inout ViewState, state: AppState) {
        for character in text { _ = view.handle(.character(character), state: state) }
    }

    /// A fresh view that searched for `text` at `/`.
    func searching(_ text: String, in state: AppState) -> ViewState {
        var view = ViewState(journalPath: "warroom.sqlite")
        _ = view.handle(.character("/"), state: state)
        type(text, into: &view, state: state)
        _ = view.handle(.enter, state: state)
        return view
    }

    func logRows(_ buffer: Buffer) -> [String] {
        guard let title = buffer.lines.firstIndex(where: { $0.contains("─ Logs ─") }) else { return [] }
        return Array(buffer.lines[(title + 1)...].dropLast())
    }

    @Test func aSearchHighlightsAndCountsItsMatches() throws {
        let state = try Self.busy()
        var view = ViewState(journalPath: "warroom.sqlite")
        _ = view.handle(.character("/"), state: state)
        #expect(view.focus == .logs)
        type("timeout", into: &view, state: state)
        _ = view.handle(.enter, state: state)
        // Lower case ignores case: "Timeout" in the worker's retries matches too. 5 errors, 5 retries, and one
        // timeout in the scene's own lines.
        #expect(view.flash == "11 lines match \"timeout\": < > move between them, f shows only them.")
        let buffer = try screen(160, 48, state, view)
        Golden.check(buffer, "logs-search-160x48")
        #expect(buffer.lines.contains { $0.contains("\"timeout\" 11/52 match") })
    }

    @Test func aFilterShowsOnlyTheMatchingRowsAndSaysHowMany() throws {
        let state = try Self.busy()
        var view = searching("payments-gw", in: state)
        _ = view.handle(.character("f"), state: state)
        let buffer = try screen(80, 24, state, view)
        Golden.check(buffer, "logs-filter-80x24")
        for row in logRows(buffer) where !row.contains("│") {
            #expect(row.contains("payments-gw") || row.trimmingCharacters(in: .whitespaces).isEmpty || row.hasPrefix(" ?:"), "\(row)")
        }
        _ = view.handle(.character("l"), state: state)
        _ = view.handle(.character("l"), state: state)
        #expect(view.logView.levels == .errors)
        let errors = try screen(160, 48, state, view)
        Golden.check(errors, "logs-filter-errors-160x48")
        #expect(errors.lines.contains { $0.contains("only \"payments-gw\" 6/52 · errors only") })
    }

    @Test func aSmartCaseAndARegex() throws {
        let state = try Self.busy()
        #expect(LogSearch(text: "Timeout", isRegex: false).matches("retrying after Timeout"))
        #expect(!LogSearch(text: "Timeout", isRegex: false).matches("upstream timeout"))
        #expect(LogSearch(text: "order 10[0-9]+", isRegex: true).matches("timeout (order 1003)"))
        #expect(!LogSearch(text: "a.c", isRegex: false).matches("abc"), "literal text is literal")
        var view = ViewState(journalPath: "warroom.sqlite")
        _ = view.handle(.character("/"), state: state)
        type("order (", into: &view, state: state)
        _ = view.handle(.tab, state: state)
        #expect(view.modal == .search(text: "order (", isRegex: true))
        _ = view.handle(.enter, state: state)
        #expect(view.modal == .search(text: "order (", isRegex: true), "a broken regex keeps the prompt open")
        #expect(view.flash?.hasPrefix("Not searched: not a regular expression: order (") == true)
    }

    @Test func matchesAndErrorsAreJumpedToAndMarked() throws {
        let state = try Self.busy()
        var view = searching("attempt 2", in: state)
        let newest = try #require(view.logView.marked)
        #expect(state.logLine(numbered: newest).text.contains("attempt 2"))
        #expect(view.logView.isPaused)
        _ = view.handle(.character("<"), state: state)
        let older = try #require(view.logView.marked)
        #expect(older < newest && state.logLine(numbered: older).text.contains("attempt 2"))
        _ = view.handle(.character(">"), state: state)
        #expect(view.logView.marked == newest)
        _ = view.handle(.character(">"), state: state)
        #expect(view.flash == "No newer line matches \"attempt 2\".")
        _ = view.handle(.character("{"), state: state)
        let error = try #require(view.logView.marked)
        #expect(error < newest && state.logLine(numbered: error).level.isError)
        _ = view.handle(.character("}"), state: state)
        #expect(view.flash == "No newer error in the logs.")
        _ = view.handle(.character("G"), state: state)
        #expect(!view.logView.isPaused && view.logView.marked == nil)
    }

    @Test func pausedTheLinesStayAndTheNewOnesAreCounted() throws {
        var state = try Self.busy()
        var view = ViewState(journalPath: "warroom.sqlite")
        view.focus = .logs
        let before = try screen(80, 24, state, view)
        _ = view.handle(.character("F"), state: state)
        #expect(view.flash == "Logs paused: new lines are counted, not shown; F follows again.")
        let later = Scene.at(23)
        Scene.run(&state, (0..<7).map { .log(LogLine(time: later.addingTimeInterval(Double($0)), level: .info,
                                                      text: "arrived while paused \($0)", source: "app")) }
                  + [.tick(later.addingTimeInterval(8))])
        let paused = try screen(80, 24, state, view)
        Golden.check(paused, "logs-paused-80x24")
        #expect(logRows(paused).dropFirst() == logRows(before).dropFirst(), "the rows a paused pane shows do not move")
        #expect(paused.lines.contains { $0.contains("PAUSED +7 new · F follows") })
        #expect(!paused.lines.joined().contains("arrived while paused"))
        _ = view.handle(.character("F"), state: state)
        #expect(try screen(80, 24, state, view).lines.joined().contains("arrived while paused 6"))
    }

    @Test func scrollingBackPausesAndScrollingToTheEndFollows() throws {
        let state = try Self.busy()
        var view = ViewState(journalPath: "warroom.sqlite")
        view.focus = .logs
        _ = view.handle(.character("k"), state: state)
        #expect(view.logView.isPaused)
        _ = view.handle(.pageUp, state: state)
        _ = view.handle(.pageDown, state: state)
        #expect(view.logView.isPaused)
        _ = view.handle(.character("j"), state: state)
        #expect(!view.logView.isPaused, "back at the newest line, the pane follows again")
    }

    @Test func explainJumpsToTheLogsOfTheBreach() throws {
        let state = try Self.busy()
        var view = ViewState(journalPath: "warroom.sqlite")
        _ = view.handle(.character("e"), state: state)
        #expect(view.modal == .explain(metric: "error_rate"))
        _ = view.handle(.character("l"), state: state)
        #expect(view.modal == nil && view.focus == .logs)
        let moment = try #require(state.breachMoment(of: "error_rate"))
        let marked = try #require(view.logView.marked)
        #expect(state.logLine(numbered: marked).time >= moment)
        #expect(marked == state.firstLogNumber || state.logLine(numbered: marked - 1).time < moment,
                "the first line at or after the breach")
        #expect(view.flash == "Logs at \(TimeText.clock(moment)), when error_rate breached; F follows the newest again.")
        let buffer = try screen(80, 24, state, view)
        Golden.check(buffer, "logs-breach-80x24")
    }

    @Test func oneTimeAndLevelPerRowAndTheLogsNameWhenThereAreSeveral() throws {
        let state = try Self.busy()
        let buffer = try screen(160, 48, state, ViewState(journalPath: "warroom.sqlite"))
        let rows = logRows(buffer)
        let row = try #require(rows.first { $0.contains("queue depth") })
        #expect(row.hasPrefix(" 14:22:") && row.contains(" INFO  worker  queue depth"), "\(row)")
    }

    @Test func theTitleKeepsEveryFilterAt80Columns() throws {
        let state = try Self.busy()
        var view = searching("upstream payments-gw timeout after 2000ms", in: state)
        for key in ["f", "l", "l"] { _ = view.handle(.character(Character(key)), state: state) }
        let title = try #require(try screen(80, 24, state, view).lines.first { $0.contains("─ Logs ─") })
        #expect(title.contains("only \"upstream payments… 6/52 · errors only · PAUSED +0 new ─"), "\(title)")
    }
}
