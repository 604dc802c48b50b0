import Testing
import WarRoomCore
@testable import WarRoomPlan

@Suite("Layout diagnostics")
struct LayoutDiagnosticTests {
    func headlines(_ text: String) -> [String] {
        LayoutLoader.check(text: text, file: "layout.yaml").report.diagnostics.map(\.description)
    }

    @Test func unknownPane() {
        #expect(headlines("name: x\nrows:\n  - size: 2\n    pane: heder\n")
                == ["layout.yaml:4:11: error: unknown pane 'heder'; did you mean 'header'?"])
    }

    @Test func badSizes() {
        let text = "name: x\nrows:\n  - size: 0\n    pane: header\n  - size: 120%\n    pane: logs\n  - size: fil\n    pane: status\n"
        #expect(headlines(text) == [
            "layout.yaml:3:11: error: bad size '0'",
            "layout.yaml:5:11: error: bad size '120%'",
            "layout.yaml:7:11: error: bad size 'fil'; did you mean 'fill'?",
        ])
    }

    @Test func bothPaneAndRows() {
        let text = "name: x\nrows:\n  - size: fill\n    pane: metrics\n    rows:\n      - size: 1\n        pane: logs\n"
        #expect(headlines(text)
                == ["layout.yaml:5:5: error: row 1 has both 'pane' and 'rows'; it takes exactly one of 'pane', 'rows', 'columns'"])
    }

    @Test func neitherPaneNorSplit() {
        #expect(headlines("name: x\ncolumns:\n  - size: fill\n")
                == ["layout.yaml:3:5: error: column 1 needs one of 'pane', 'rows', 'columns'"])
    }

    @Test func topLevelNeedsASplit() {
        #expect(headlines("name: x\nmin_width: wide\n") == [
            "layout.yaml:1:1: error: the layout needs one of 'rows' or 'columns'",
            "layout.yaml:2:12: error: expected a whole number for 'min_width', found 'wide'",
        ])
    }

    @Test func sharesOverAHundredPercent() {
        let text = "name: x\ncolumns:\n  - size: 60%\n    pane: metrics\n  - size: 50%\n    pane: logs\n"
        #expect(headlines(text) == ["layout.yaml:3:3: error: the columns here take 110% in all, more than 100%"])
    }

    @Test func missingSize() {
        #expect(headlines("name: x\nrows:\n  - pane: logs\n")
                == ["layout.yaml:3:5: error: missing required key 'size' in row 1"])
    }

    @Test func misspeltSizeIsReportedOnceNotAlsoAsMissing() {
        #expect(headlines("name: x\nrows:\n  - pane: logs\n    szie: 3\n")
                == ["layout.yaml:4:5: error: unknown key 'szie' in row 1; did you mean 'size'?"])
    }

    @Test func errorRendersWithCaret() {
        do {
            _ = try LayoutLoader.load(text: "name: x\nrows:\n  - size: 2\n    pane: heder\n", file: "layout.yaml")
            Issue.record("an unknown pane must not load")
        } catch {
            #expect(error.description == """
                layout.yaml:4:11: error: unknown pane 'heder'; did you mean 'header'?
                    pane: heder
                          ^
                hint: pane is one of: header, rollout, metrics, checklist, decisions, logs, status

                """)
        }
    }
}
