import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
@testable import WarRoomUI

/// The whole screen, composed from the real layout files, at the two sizes people use most:
/// a small 80x24 terminal (compact layout) and a large 160x48 one (default layout).
@Suite struct ScreenGoldenTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func layout(_ name: String) throws -> LayoutSpec {
        try LayoutLoader.load(path: Self.repository.appendingPathComponent("layouts/\(name).yaml").path)
    }

    func screen(width: Int, height: Int, state: AppState, view: ViewState) throws -> Buffer {
        let layout = Screen.pickLayout(preferred: try layout("default"), fallback: try layout("compact"), width: width, height: height)
        return Screen(state: state, view: view, layout: layout).render(width: width, height: height)
    }

    @Test func smallTerminalMidRelease() throws {
        let view = ViewState(journalPath: "/home/sam/releases/warroom-checkout-service-2.14.0.sqlite")
        Golden.check(try screen(width: 80, height: 24, state: try Scene.midRelease(), view: view), "screen-80x24")
    }

    @Test func largeTerminalMidRelease() throws {
        var view = ViewState(journalPath: "/home/sam/releases/warroom-checkout-service-2.14.0.sqlite")
        view.focus = .metrics
        Golden.check(try screen(width: 160, height: 48, state: try Scene.midRelease(), view: view), "screen-160x48")
    }

    /// A shared journal's database out of reach: the header says so before anything else, at both sizes, and the
    /// unrecorded actions are counted.
    @Test func anUnreachableDatabaseLeadsTheHeader() throws {
        var view = ViewState(journalPath: "postgresql://warroom@db.internal:5432/releases (journal checkout-service-2.14.0)")
        view.journalOutage = JournalOutage(since: Scene.at(21.5), notRecorded: 3, reason: "connection refused")
        view.unrecorded = 3
        let state = try Scene.midRelease()
        Golden.check(try screen(width: 80, height: 24, state: state, view: view), "screen-80x24-journal-unreachable")
        Golden.check(try screen(width: 160, height: 48, state: state, view: view), "screen-160x48-journal-unreachable")
    }

    @Test func promoteDialogOverTheScreen() throws {
        var view = ViewState(journalPath: "warroom.sqlite")
        let state = try Scene.midRelease()
        _ = view.handle(.character("p"), state: state)
        Golden.check(try screen(width: 80, height: 24, state: state, view: view), "screen-80x24-promote")
    }

    @Test func tooSmallATerminalSaysSo() throws {
        let buffer = try screen(width: 50, height: 12, state: try Scene.midRelease(), view: ViewState(journalPath: "j"))
        #expect(buffer.lines.joined().contains("80x24"), "a terminal below the smallest layout is told the size it needs")
    }
}
