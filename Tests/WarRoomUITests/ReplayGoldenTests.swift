import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
@testable import WarRoomUI

/// A replayed screen says REPLAY, where and how fast it plays, and lists the replay keys instead of the ones that record.
@Suite struct ReplayGoldenTests {
    let journal = "/home/sam/releases/warroom-checkout-service-2.14.0.sqlite"

    func layout(_ name: String) throws -> LayoutSpec {
        try LayoutLoader.load(path: ScreenGoldenTests.repository.appendingPathComponent("layouts/\(name).yaml").path)
    }

    func screen(width: Int, height: Int, view: ViewState) throws -> Buffer {
        let layout = Screen.pickLayout(preferred: try layout("default"), fallback: try layout("compact"), width: width, height: height)
        return Screen(state: try Scene.midRelease(), view: view, layout: layout).render(width: width, height: height)
    }

    func replaying(_ status: ReplayStatus) -> ViewState {
        var view = ViewState(journalPath: journal)
        view.replay = status
        return view
    }

    @Test func bannerAndKeysAt80x24() throws {
        let view = replaying(ReplayStatus(offset: 22 * 60, speed: 60, isPaused: false))
        let buffer = try screen(width: 80, height: 24, view: view)
        Golden.check(buffer, "replay-80x24")
        #expect(buffer.lines[0].contains("REPLAY  T+22m00s  ×60  ▶"))
    }

    @Test func pausedAtTheEndOfTheJournal() throws {
        var buffer = Buffer(width: 100, height: 2)
        let view = replaying(ReplayStatus(offset: 86_400 + 125, speed: 0.5, isPaused: true, atEnd: true))
        HeaderPane(state: try Scene.midRelease(), view: view).render(into: &buffer, area: buffer.area)
        Golden.check(buffer, "replay-header-end-100")
        #expect(buffer.lines[0].contains("REPLAY  T+1d00h  ×0.5  ⏸ end of journal"))
    }

    @Test func helpListsTheReplayKeys() throws {
        var view = replaying(ReplayStatus(offset: -300, speed: 1, isPaused: true))
        _ = view.handleReplay(.character("?"), state: try Scene.midRelease())
        let buffer = try screen(width: 100, height: 30, view: view)
        Golden.check(buffer, "replay-help-100x30")
        let text = buffer.lines.joined(separator: "\n")
        #expect(text.contains("REPLAY  T-5m00s  ×1  ⏸ paused"))
        for row in KeyMap<ReplayKeyAction>.replay.rows.prefix(5) { #expect(text.contains(row.label), "help lacks \(row.label)") }
        #expect(!text.contains("promote to the next stage"), "the keys that record are not offered")
    }

    @Test func aJournalWithoutT0CountsFromItsFirstEntry() {
        #expect(ReplayStatus(offset: 90, speed: 2, isPaused: false, hasT0: false).banner == "REPLAY  first entry +1m30s  ×2  ▶")
    }
}
