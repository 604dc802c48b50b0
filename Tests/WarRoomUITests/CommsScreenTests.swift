import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
@testable import WarRoomUI

/// Issue 18's screens: the composer, the post confirmation, the comms view, the update cadence in the header, and
/// whom to escalate to where a trigger fires; at 80x24 and 160x48.
@Suite struct CommsScreenTests {
    func screen(width: Int, height: Int, state: AppState, view: ViewState) throws -> Buffer {
        let load = { (name: String) in try LayoutLoader.load(path: ScreenGoldenTests.repository.appendingPathComponent("layouts/\(name).yaml").path) }
        let layout = Screen.pickLayout(preferred: try load("default"), fallback: try load("compact"), width: width, height: height)
        return Screen(state: state, view: view, layout: layout).render(width: width, height: height)
    }

    func view(width: Int, height: Int) -> ViewState {
        var view = ViewState(journalPath: "/home/sam/releases/warroom-checkout-service-2.14.0.sqlite")
        (view.screenWidth, view.screenHeight) = (width, height)
        return view
    }

    /// Types scalar by scalar, as a terminal delivers keys: a combining mark arrives after its letter.
    func type(_ text: String, into view: inout ViewState, state: AppState) {
        for scalar in text.unicodeScalars { _ = view.handle(.character(Character(scalar)), state: state) }
    }

    // MARK: The composer

    @Test func theComposerOpensOnTheDraft() throws {
        let state = try CommsScene.midRelease()
        var small = view(width: 80, height: 24)
        _ = small.handle(.character("u"), state: state)
        guard case .composeUpdate(let composer)? = small.modal else { Issue.record("u opens the composer"); return }
        #expect(composer.editor.text == state.statusUpdateDraft)
        Golden.check(try screen(width: 80, height: 24, state: state, view: small), "comms-composer-80x24")
    }

    @Test func theComposerEditedWithWideTextAt160x48() throws {
        let state = try CommsScene.midRelease()
        var large = view(width: 160, height: 48)
        _ = large.handle(.character("u"), state: state)
        // To the end of the headline's line, then a line of our own: wide characters, an accent typed as a mark.
        _ = large.handle(.end, state: state)
        _ = large.handle(.enter, state: state)
        type("Cafe\u{301} checkout: 次の更新は 14:52 UTC 🇯🇵 ", into: &large, state: state)
        _ = large.handle(.backspace, state: state)
        Golden.check(try screen(width: 160, height: 48, state: state, view: large), "comms-composer-edited-160x48")
    }

    // MARK: The post confirmation

    @Test func thePostConfirmationAt80x24WithNoticesShownOnly() throws {
        let state = try CommsScene.midRelease()
        var small = view(width: 80, height: 24)
        _ = small.handle(.character("u"), state: state)
        _ = small.handle(.tab, state: state)
        _ = small.handle(.character("w"), state: state)
        Golden.check(try screen(width: 80, height: 24, state: state, view: small), "comms-post-80x24")
    }

    @Test func thePostConfirmationAt160x48WithNoticesSent() throws {
        let state = try CommsScene.midRelease(notify: true)
        var large = view(width: 160, height: 48)
        _ = large.handle(.character("u"), state: state)
        _ = large.handle(.tab, state: state)
        Golden.check(try screen(width: 160, height: 48, state: state, view: large), "comms-post-160x48")
    }

    // MARK: The comms view

    @Test func theCommsViewWithEveryPhase() throws {
        let state = try CommsScene.history()
        var small = view(width: 80, height: 24)
        _ = small.handle(.character("c"), state: state)
        #expect(small.modal == .comms(selected: 0))
        Golden.check(try screen(width: 80, height: 24, state: state, view: small), "comms-view-80x24")
        var large = view(width: 160, height: 48)
        _ = large.handle(.character("c"), state: state)
        Golden.check(try screen(width: 160, height: 48, state: state, view: large), "comms-view-160x48")
    }

    @Test func anUpdateIsReadWhole() throws {
        let state = try CommsScene.history()
        var small = view(width: 80, height: 24)
        _ = small.handle(.character("c"), state: state)
        _ = small.handle(.down, state: state)
        #expect(small.modal == .comms(selected: 1))
        _ = small.handle(.enter, state: state)
        guard case .readUpdate(let posted, 1)? = small.modal else { Issue.record("Enter reads the chosen update"); return }
        #expect(posted.by == "dana", "newest first: the second is dana's")
        Golden.check(try screen(width: 80, height: 24, state: state, view: small), "comms-read-80x24")
        _ = small.handle(.escape, state: state)
        #expect(small.modal == .comms(selected: 1), "Esc goes back to the list where it was")
        _ = small.handle(.escape, state: state)
        #expect(small.modal == nil)
    }

    @Test func emptyStatesSayWhatToDo() throws {
        let state = try Scene.midRelease()
        var buffer = Buffer(width: 100, height: 40)
        DialogView(state: state, modal: .comms(selected: 0)).render(into: &buffer, area: buffer.area)
        let text = buffer.lines.joined(separator: "\n")
        #expect(text.contains("No notify targets in the plan: see docs/plan-format.md"))
        #expect(text.contains("none yet: press u to write one"))
    }

    @Test func outsideTextIsDrawnInertEverywhere() throws {
        var state = try CommsScene.history()
        let hostile = "evil \u{1B}]52;c;ZWNobyBoaQ==\u{07} \u{202E}done\nsecond \u{1B}[2J line"
        _ = state.apply(.recorded(JournalEntry(seq: 999, time: state.now, actor: "mallory", session: "m-1",
                                               event: .updatePosted(StatusUpdate(text: hostile)))))
        var view = view(width: 100, height: 40)
        _ = view.handle(.character("c"), state: state)
        var screens = [try screen(width: 100, height: 40, state: state, view: view)]
        _ = view.handle(.enter, state: state)
        screens.append(try screen(width: 100, height: 40, state: state, view: view))
        _ = view.handle(.escape, state: state)
        _ = view.handle(.escape, state: state)
        view.modal = .composeUpdate(UpdateComposer(draft: hostile))
        screens.append(try screen(width: 100, height: 40, state: state, view: view))
        _ = view.handle(.tab, state: state)
        screens.append(try screen(width: 100, height: 40, state: state, view: view))
        for buffer in screens {
            let text = buffer.lines.joined(separator: "\n")
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
            #expect(text.contains("evil ␛]52;c;ZWNobyBoaQ==␇ ⟨U+202E⟩done"), "\(text)")
        }
    }

    // MARK: The header

    @Test func anUpdateDueAt80x24() throws {
        // Every 20 minutes: due since T+20m, two minutes ago.
        let state = try CommsScene.midRelease(cadence: 1200)
        #expect(state.updateCadence == .due(since: 120))
        Golden.check(try screen(width: 80, height: 24, state: state, view: view(width: 80, height: 24)), "comms-header-due-80x24")
    }

    @Test func anUpdateOverdueAt160x48AndAt80Columns() throws {
        // Every 15 minutes: due since T+15m, seven minutes ago, past the five minutes' grace.
        let state = try CommsScene.midRelease(cadence: 900)
        Golden.check(try screen(width: 160, height: 48, state: state, view: view(width: 160, height: 48)), "comms-header-overdue-160x48")
        let small = try screen(width: 80, height: 24, state: state, view: view(width: 80, height: 24))
        #expect(small.lines[1].contains("UPDATE OVERDUE 7m"), "it outranks the T0 date at 80 columns: \(small.lines[1])")
        #expect(small.lines[23].contains("u:UPDATE"), "the status bar offers it early: \(small.lines[23])")
    }

    @Test func theHeaderCountsDownAndSaysNothingWithoutACadence() throws {
        let due = try screen(width: 160, height: 48, state: try CommsScene.midRelease(), view: view(width: 160, height: 48))
        #expect(due.lines[1].contains("update due in 8m"))
        let none = try screen(width: 160, height: 48, state: try CommsScene.midRelease(cadence: nil), view: view(width: 160, height: 48))
        #expect(!none.lines[1].contains("update"))
        #expect(HeaderPane.short(59.2, roundingUp: true) == "1m" && HeaderPane.short(3 * 60 + 12, roundingUp: true) == "4m")
        #expect(HeaderPane.short(7 * 60 + 59, roundingUp: false) == "7m" && HeaderPane.short(45, roundingUp: false) == "45s")
        #expect(HeaderPane.short(65 * 60, roundingUp: true) == "1h05m")
    }

    // MARK: Escalation where a trigger fires

    @Test func aFiringTriggerWithItsEscalationAt160x48() throws {
        let state = try CommsScene.firing()
        #expect(state.triggers["error_rate > 2% for 5m"]?.isFiring == true)
        Golden.check(try screen(width: 160, height: 48, state: state, view: view(width: 160, height: 48)), "comms-firing-160x48")
    }

    @Test func theExplanationOfAFiringMetricNamesWhomToEscalateTo() throws {
        let state = try CommsScene.firing()
        var small = view(width: 80, height: 24)
        small.focus = .metrics
        _ = small.handle(.character("e"), state: state)
        #expect(small.modal == .explain(metric: "error_rate"))
        Golden.check(try screen(width: 80, height: 24, state: state, view: small), "comms-explain-firing-80x24")
        // A metric whose triggers do not fire says nothing of escalating.
        var buffer = Buffer(width: 100, height: 40)
        DialogView(state: state, modal: .explain(metric: "p99_latency")).render(into: &buffer, area: buffer.area)
        #expect(!buffer.lines.joined().contains("Escalate"))
    }
}
