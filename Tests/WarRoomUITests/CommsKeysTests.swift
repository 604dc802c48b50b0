import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomUI

/// `u` and `c`, keys in and commands out: nothing leaves the screen but what the person confirmed, with the extras
/// they turned on, and nothing typed is lost to a stray key.
@Suite struct CommsKeysTests {
    func state() throws -> AppState { try CommsScene.midRelease() }

    func type(_ text: String, into view: inout ViewState, state: AppState) -> [Command] {
        text.flatMap { view.handle(.character($0), state: state) }
    }

    func composing(_ view: ViewState) -> UpdateComposer? {
        if case .composeUpdate(let composer)? = view.modal { composer } else { nil }
    }

    @Test func theClipboardAndTheFileAreOffUnlessTurnedOn() throws {
        let state = try state()
        let draft = state.statusUpdateDraft
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("u"), state: state)
        #expect(view.handle(.tab, state: state).isEmpty, "Tab only shows where it goes")
        #expect(view.modal == .confirmPostUpdate(UpdateComposer(draft: draft), copy: false, writeToFile: false))
        #expect(view.handle(.enter, state: state) == [.postUpdate(UpdatePost(text: draft, copy: false, writeToFile: false))])
        #expect(view.modal == nil)

        _ = view.handle(.character("u"), state: state)
        _ = view.handle(.tab, state: state)
        _ = view.handle(.character("c"), state: state)
        _ = view.handle(.character("w"), state: state)
        #expect(view.handle(.enter, state: state) == [.postUpdate(UpdatePost(text: draft, copy: true, writeToFile: true))])

        // Turned on twice is off; going back to the text turns both off again.
        _ = view.handle(.character("u"), state: state)
        _ = view.handle(.tab, state: state)
        _ = view.handle(.character("c"), state: state)
        _ = view.handle(.character("c"), state: state)
        _ = view.handle(.character("w"), state: state)
        _ = view.handle(.escape, state: state)
        #expect(composing(view) != nil, "Esc goes back to the text")
        _ = view.handle(.tab, state: state)
        #expect(view.handle(.enter, state: state) == [.postUpdate(UpdatePost(text: draft, copy: false, writeToFile: false))])
    }

    @Test func whatIsPostedIsTheTextAsEditedWithoutItsTrailingBlankLines() throws {
        let state = try state()
        var view = ViewState(journalPath: "j")
        view.modal = .composeUpdate(UpdateComposer(draft: ""))
        _ = type("Rolling back", into: &view, state: state)
        _ = view.handle(.enter, state: state)
        _ = type("  now ", into: &view, state: state)
        _ = view.handle(.enter, state: state)
        _ = view.handle(.enter, state: state)
        _ = view.handle(.tab, state: state)
        #expect(view.handle(.enter, state: state) == [.postUpdate(UpdatePost(text: "Rolling back\n  now"))])
    }

    @Test func escWithEditsAsksAndWithoutLeavesAtOnce() throws {
        let state = try state()
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("u"), state: state)
        #expect(view.handle(.escape, state: state).isEmpty)
        #expect(view.modal == nil, "nothing typed: nothing to lose")

        _ = view.handle(.character("u"), state: state)
        _ = type("x", into: &view, state: state)
        let edited = try #require(composing(view))
        #expect(edited.isEdited)
        _ = view.handle(.escape, state: state)
        #expect(view.modal == .confirmDiscardUpdate(edited), "an edited update asks before it is thrown away")
        _ = view.handle(.character("n"), state: state)
        #expect(view.modal == .composeUpdate(edited), "n keeps editing, the text as it was")
        _ = view.handle(.escape, state: state)
        #expect(view.handle(.character("y"), state: state).isEmpty)
        #expect(view.modal == nil)
        #expect(view.flash == "Status update discarded.")
    }

    @Test func anEmptyUpdateIsRefusedWithItsWords() throws {
        let state = try state()
        var view = ViewState(journalPath: "j")
        for blank in ["", "  \n \n"] {
            view.modal = .composeUpdate(UpdateComposer(draft: blank))
            #expect(view.handle(.tab, state: state).isEmpty)
            #expect(view.flash == Refusal.emptyUpdate.words)
            #expect(composing(view) != nil, "it stays in the editor")
        }
        // Emptied in the confirmation's own state too (the text cannot change there, but the check is the journal's).
        view.modal = .confirmPostUpdate(UpdateComposer(draft: " "), copy: true, writeToFile: false)
        #expect(view.handle(.enter, state: state).isEmpty)
        #expect(view.flash == "An empty status update was not posted.")
    }

    /// Bracketed paste: a spreadsheet row's `\t\n` and whatever follows it, pasted into the composer, is text: no
    /// confirmation opens, nothing posts, and the `r`, `y` after it never reach the main screen as a rollback.
    @Test func aBracketedPasteOnlyEverTypes() throws {
        let state = try state()
        var view = ViewState(journalPath: "j")
        view.modal = .composeUpdate(UpdateComposer(draft: ""))
        var commands = view.handle(.pasteStart, state: state)
        commands += type("Status:", into: &view, state: state)
        commands += view.handle(.tab, state: state) + view.handle(.enter, state: state)
        commands += type("ry", into: &view, state: state)
        commands += view.handle(.escape, state: state)
        commands += view.handle(.pasteEnd, state: state)
        #expect(commands.isEmpty)
        #expect(composing(view)?.editor.text == "Status: \nry")

        // On the main screen a paste presses nothing at all.
        var main = ViewState(journalPath: "j")
        let pressed = [main.handle(.pasteStart, state: state)] + "ryq".map { main.handle(.character($0), state: state) }
            + [main.handle(.pasteEnd, state: state)]
        #expect(pressed.allSatisfy { $0.isEmpty })
        #expect(main.modal == nil)
        // A one-line field takes a pasted line break as a space.
        main.modal = .note(text: "")
        _ = main.handle(.pasteStart, state: state)
        _ = type("a", into: &main, state: state)
        #expect(main.handle(.enter, state: state).isEmpty)
        _ = main.handle(.pasteEnd, state: state)
        #expect(main.modal == .note(text: "a "))
    }

    @Test func aPasteRunningOnIntoTheConfirmationLandsInTheText() throws {
        let state = try state()
        var view = ViewState(journalPath: "j")
        view.modal = .composeUpdate(UpdateComposer(draft: ""))
        // A pasted line holding a Tab: the Tab opens the confirmation, and the rest must not answer it.
        _ = type("a", into: &view, state: state)
        _ = view.handle(.tab, state: state)
        #expect(type("b", into: &view, state: state).isEmpty)
        #expect(composing(view)?.editor.text == "ab")
        #expect(view.handle(.enter, state: state).isEmpty, "back in the text, Enter is a new line")
        #expect(composing(view)?.editor.text == "ab\n")
        // And an ESC in a paste asks, and the rest of the paste is typed rather than taken as the answer.
        _ = view.handle(.escape, state: state)
        _ = type("[1m", into: &view, state: state)
        #expect(composing(view)?.editor.text == "ab\n[1m")
    }

    @Test func uIsRefusedInAReplayAndTheCommsViewIsNot() throws {
        let state = try CommsScene.history()
        var view = ViewState(journalPath: "j")
        view.replay = ReplayStatus(offset: 0, speed: 1, isPaused: true)
        #expect(view.handleReplay(.character("u"), state: state).isEmpty)
        #expect(view.modal == nil)
        #expect(view.flash == ViewState.replayReadOnly)
        #expect(view.handleReplay(.character("c"), state: state).isEmpty)
        #expect(view.modal == .comms(selected: 0), "the comms view only looks")
        _ = view.handleReplay(.enter, state: state)
        if case .readUpdate? = view.modal {} else { Issue.record("an update is read in a replay too: \(String(describing: view.modal))") }
        #expect(KeyAction.update.records && !KeyAction.comms.records)
    }

    @Test func uAndCAreOneKeyEachWithHelpAndHints() throws {
        let map = KeyMap<KeyAction>.live
        #expect(map.action(for: .character("u")) == .update)
        #expect(map.action(for: .character("c")) == .comms)
        #expect(map.hint(for: .update) == "u:update")
        #expect(map.hint(for: .comms) == "c:comms")
        #expect(KeyMap<ReplayKeyAction>.replay.action(for: .character("c")) == .look(.comms))
        #expect(KeyMap<ReplayKeyAction>.replay.action(for: .character("u")) == nil)
    }

    @Test func theStatusBarOffersUpdatesMoreProminentlyWhenDue() throws {
        func bar(_ state: AppState) -> String {
            var buffer = Buffer(width: 200, height: 1)
            StatusBar(state: state, view: ViewState(journalPath: "j")).render(into: &buffer, area: buffer.area)
            return buffer.lines[0]
        }
        let quiet = bar(try CommsScene.midRelease())
        #expect(quiet.contains("n:note  u:update  q:quit"))
        let due = bar(try CommsScene.midRelease(cadence: 1200))
        #expect(due.contains("?:help  u:UPDATE"))
        #expect(!due.contains("u:update"))
        // The comms view is named only when a notice failed for good in the last quarter of an hour.
        #expect(!quiet.contains("c:"))
        #expect(bar(try CommsScene.history()).contains("c:NOTICE FAILED"), "Slack's notice of dana's update is unknown")
    }

    @Test func theCommsViewChoosesAmongUpdatesAndScrollsWithout() throws {
        let history = try CommsScene.history()
        var view = ViewState(journalPath: "j")
        (view.screenWidth, view.screenHeight) = (80, 24)
        _ = view.handle(.character("c"), state: history)
        _ = view.handle(.down, state: history)
        _ = view.handle(.down, state: history)
        #expect(view.modal == .comms(selected: 1), "two updates: the second is the last")
        _ = view.handle(.pageDown, state: history)
        #expect(view.dialogScroll > 0, "the pages scroll")

        let none = try CommsScene.midRelease()
        var empty = ViewState(journalPath: "j")
        (empty.screenWidth, empty.screenHeight) = (80, 12)
        _ = empty.handle(.character("c"), state: none)
        _ = empty.handle(.down, state: none)
        #expect(empty.modal == .comms(selected: 0))
        #expect(empty.dialogScroll == 1, "without updates to choose, ↓ scrolls")
        _ = empty.handle(.enter, state: none)
        #expect(empty.modal == .comms(selected: 0), "nothing to read")
    }
}
