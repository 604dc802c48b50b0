import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
import WarRoomTestSupport
@testable import WarRoomUI

/// Panes, dialogs and whole screens with wide text (☕ ✅ ❌ 中文, 👍🏽, 🇩🇪, 👨‍👩‍👧, combining accents) in log lines,
/// checklist items, notes and rollback steps. Every row must be exactly as wide as the buffer, and read in a
/// terminal the golden files line up column for column.
@Suite struct WideGoldenTests {
    private func check(_ buffer: Buffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (y, line) in buffer.lines.enumerated() {
            #expect(TextWidth.columns(of: line) == buffer.width, "\(name) row \(y) is not \(buffer.width) columns: \(line)",
                    sourceLocation: sourceLocation)
        }
        Golden.check(buffer, name, sourceLocation: sourceLocation)
    }

    private func render<P: Pane>(_ pane: P.Type, width: Int, height: Int, view: ViewState? = nil) throws -> Buffer {
        var buffer = Buffer(width: width, height: height)
        P(state: try Scene.wideRelease(), view: view ?? ViewState(journalPath: "./warroom-checkout.sqlite"))
            .render(into: &buffer, area: buffer.area)
        return buffer
    }

    private func screen(width: Int, height: Int, view: ViewState) throws -> Buffer {
        let directory = Repository.path("layouts")
        let layout = Screen.pickLayout(preferred: try LayoutLoader.load(path: directory + "/default.yaml"),
                                       fallback: try LayoutLoader.load(path: directory + "/compact.yaml"), width: width, height: height)
        return Screen(state: try Scene.wideRelease(), view: view, layout: layout).render(width: width, height: height)
    }

    @Test func logs() throws {
        check(try render(LogsPane.self, width: 80, height: 6), "wide-logs-80")
        // Narrower, the long line is cut at the pane's edge, never half a glyph.
        check(try render(LogsPane.self, width: 61, height: 6), "wide-logs-61")
    }

    @Test func checklist() throws {
        var view = ViewState(journalPath: "j")
        view.focus = .checklist
        view.cursor[.checklist] = 1
        check(try render(ChecklistPane.self, width: 60, height: 10, view: view), "wide-checklist-60")
    }

    @Test func decisionNote() throws {
        check(try render(DecisionsPane.self, width: 70, height: 5), "wide-decisions-70")
    }

    @Test func rollbackDialog() throws {
        var buffer = Buffer(width: 80, height: 24)
        DialogView(state: try Scene.wideRelease(), modal: .confirmRollback(controller: nil)).render(into: &buffer, area: buffer.area)
        check(buffer, "wide-dialog-rollback-80")
    }

    /// A note being typed keeps its end in view, by columns: the cursor block stays inside the box.
    @Test func noteDialog() throws {
        var view = ViewState(journalPath: "j")
        view.modal = .note(text: "rolled back the flag by hand 👍🏽 🇩🇪 ☕ 中文中文中文中文中文 cafe\u{301} 👨‍👩‍👧 ✅ ❌ ok")
        check(try screen(width: 80, height: 24, view: view), "wide-screen-80x24-note")
    }

    @Test func wholeScreens() throws {
        check(try screen(width: 80, height: 24, view: ViewState(journalPath: "/srv/☕/warroom-中文.sqlite")), "wide-screen-80x24")
        check(try screen(width: 100, height: 30, view: ViewState(journalPath: "/srv/☕/warroom-中文.sqlite")), "wide-screen-100x30")
    }

    /// A dialog's border drawn over wide text leaves no half glyph on either side of it: log rows of CJK, emoji,
    /// flags and families, every other one shifted a column, so both edges of the box cut glyphs at both parities.
    @Test func dialogOverWideText() throws {
        var plan = try Scene.plan()
        plan.stages[0].name = "カナリア 5% 🐤"
        var state = AppState(plan: plan, session: "test", now: Scene.t0)
        Scene.run(&state, (0..<24).map { row in
            let text = (row.isMultiple(of: 2) ? "" : "x") + String(repeating: "中文☕👍🏽🇩🇪👨‍👩‍👧é", count: 6)
            return .log(LogLine(time: Scene.at(Double(row) / 60), level: .info, text: text, source: "app.log"))
        })
        var buffer = Buffer(width: 80, height: 24)
        LogsPane(state: state, view: ViewState(journalPath: "j")).render(into: &buffer, area: buffer.area)
        DialogView(state: state, modal: .confirmStart).render(into: &buffer, area: buffer.area)
        check(buffer, "wide-dialog-start-over-logs-80x24")
    }
}
