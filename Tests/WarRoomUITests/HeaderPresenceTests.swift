import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomUI

/// The header says who evaluates, who else is here and who went, as the journal says, even at 80 columns.
@Suite struct HeaderPresenceTests {
    /// Alice evaluates on her laptop; this war room is Bob's; Dana's went silent; Cy quit and came back.
    static func shared() throws -> AppState {
        var state = try Scene.midRelease()
        let at = Scene.at(21)
        let entries: [(String, String, JournalEvent)] = [
            ("a", "alice", .sessionAttached(pid: 1, host: "h1", hostName: "laptop")),
            ("a", "alice", .evaluatorChanged(host: "laptop", previous: nil, reason: "first war room on this journal")),
            ("d", "dana", .sessionAttached(pid: 2, host: "h2", hostName: "desk")),
            ("c", "cy", .sessionAttached(pid: 3, host: "h3", hostName: "cart")),
            ("c", "cy", .sessionDetached),
            ("c2", "cy", .sessionAttached(pid: 4, host: "h3", hostName: "cart")),
            ("a", "alice", .sessionGone(session: "d", pid: 2, silentSince: Scene.at(20.5))),
        ]
        for (index, (session, actor, event)) in entries.enumerated() {
            _ = state.apply(.recorded(JournalEntry(seq: state.journalSeq + 1, time: at.addingTimeInterval(Double(index)),
                                                   actor: actor, session: session, event: event)))
        }
        return state
    }

    func row(_ width: Int) throws -> String {
        var buffer = Buffer(width: width, height: 2)
        HeaderPane(state: try Self.shared(), view: ViewState(journalPath: "j")).render(into: &buffer, area: buffer.area)
        return buffer.lines[1]
    }

    @Test func aSharedWarRoomSaysWhoEvaluatesWhoIsHereAndWhoWent() throws {
        let wide = try row(200)
        #expect(wide.contains("evaluating alice@laptop  with alice, cy  gone dana (silent since 14:20:30)"), "\(wide)")
        #expect(!wide.contains("cy (quit"), "someone who came back is not gone")
    }

    @Test func at80ColumnsPresenceStaysAndTheLeastGoesFirst() throws {
        let narrow = try row(80)
        #expect(narrow.contains("evaluating alice@laptop"), "\(narrow)")
        #expect(narrow.contains("T+22m"), "the clock always stays: \(narrow)")
        #expect(!narrow.contains("T0 2026"), "the T0 date gives way first: \(narrow)")
        #expect(TextWidth.columns(of: narrow.trimmingCharacters(in: .whitespaces)) <= 79)
    }
}
