import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomUI

/// In a replay, keys move through time or look around; a key that would record anything is refused at once.
@Suite struct ReplayKeysTests {
    func replaying() -> ViewState {
        var view = ViewState(journalPath: "j")
        view.replay = ReplayStatus(offset: 0, speed: 1, isPaused: false)
        return view
    }

    @Test func timeKeys() throws {
        let state = try Scene.midRelease()
        let expected: [(Key, ReplayControl)] = [
            (.character(" "), .togglePause), (.left, .seek(by: -60)), (.right, .seek(by: 60)),
            (.character("["), .seek(by: -600)), (.character("]"), .seek(by: 600)), (.pageUp, .seek(by: -600)),
            (.pageDown, .seek(by: 600)), (.character("+"), .scaleSpeed(by: 2)), (.character("-"), .scaleSpeed(by: 0.5)),
            (.character("g"), .jumpToStart), (.character("G"), .jumpToEnd), (.home, .jumpToStart), (.end, .jumpToEnd),
            (.character("q"), .quit),
        ]
        for (key, control) in expected {
            var view = replaying()
            #expect(view.handleReplay(key, state: state) == [control], "\(key)")
            #expect(view.modal == nil)
        }
    }

    @Test func theLogsCanBeSearchedAndFilteredInAReplay() throws {
        let state = try LogsPaneTests.busy()
        var view = replaying()
        #expect(view.handleReplay(.character("/"), state: state).isEmpty)
        #expect(view.modal == .search(text: "", isRegex: false))
        for character in "timeout" { _ = view.handleReplay(.character(character), state: state) }
        _ = view.handleReplay(.enter, state: state)
        #expect(view.modal == nil && view.logView.search?.text == "timeout")
        _ = view.handleReplay(.character("f"), state: state)
        _ = view.handleReplay(.character("l"), state: state)
        #expect(view.logView.onlyMatches && view.logView.levels == .warnings)
        #expect(view.flash != ViewState.replayReadOnly)
    }

    @Test func keysThatWouldRecordAreRefused() throws {
        let state = try Scene.midRelease()
        for key: Key in [.character("s"), .character("p"), .character("r"), .character("d"), .character("a"),
                         .character("n"), .enter] {
            var view = replaying()
            view.focus = .checklist
            #expect(view.handleReplay(key, state: state).isEmpty, "\(key)")
            #expect(view.modal == nil, "\(key) opens no dialog")
            #expect(view.flash == ViewState.replayReadOnly, "\(key)")
        }
    }

    @Test func lookingAroundStillWorks() throws {
        let state = try Scene.midRelease()
        var view = replaying()
        _ = view.handleReplay(.tab, state: state)
        #expect(view.focus == .decisions)
        _ = view.handleReplay(.character("e"), state: state)
        #expect(view.modal == .explain(metric: "error_rate"))
        #expect(view.handleReplay(.character(" "), state: state).isEmpty, "a dialog takes every key, space too")
        _ = view.handleReplay(.escape, state: state)
        #expect(view.modal == nil)
        _ = view.handleReplay(.character("?"), state: state)
        #expect(view.modal == .help)
        #expect(view.handleReplay(.character("q"), state: state).isEmpty, "q closes the help, as in a live session")
        #expect(view.modal == nil)
    }

    @Test func aTimeKeyClearsTheLastMessage() throws {
        var view = replaying()
        _ = view.handleReplay(.character("p"), state: try Scene.midRelease())
        _ = view.handleReplay(.right, state: try Scene.midRelease())
        #expect(view.flash == nil)
    }
}
