import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomUI

/// Lines from pods carry a short cohort tag (canary in warning colours, stable dim, `?` when the controller did not
/// say) and the part of the pod's name that tells it from its siblings; search and level filters work as before.
@Suite struct LogsPanePodTests {
    static let canary = "checkout-7c9f6d4bb8-h5n2v", stable = "checkout-6b4d7c9f55-2xkqp"

    /// The mid-release scene with a minute of lines from the canary's and the stable version's pods, one from an
    /// older revision the controller no longer names, and one hostile line.
    static func state() throws -> AppState {
        var state = try Scene.midRelease()
        let lines: [(LogLevel, String, String, Cohort?)] = [
            (.info, "GET /api/checkout 200 41ms", stable, .stable),
            (.error, "payment declined: upstream payments-gw timed out", canary, .canary),
            (.info, "GET /api/checkout 200 39ms", "checkout-6b4d7c9f55-9fz7m", .stable),
            (.warn, "draining connections before shutdown", "checkout-5d8c6b7a44-zz9kq", nil),
            (.error, "panic: nil map \u{1B}[2J in /api/checkout", canary, .canary),
            (.info, "GET /api/checkout 200 44ms", stable, .stable),
        ]
        var events: [Event] = []
        for (index, line) in lines.enumerated() {
            events.append(.log(LogLine(time: Scene.at(22).addingTimeInterval(Double(index) * 5), level: line.0, text: line.1,
                                       source: "app.log", pod: line.2, cohort: line.3)))
        }
        events.append(.tick(Scene.at(22).addingTimeInterval(31)))
        Scene.run(&state, events)
        return state
    }

    func render(width: Int, state: AppState, view: ViewState = ViewState(journalPath: "warroom.sqlite")) -> Buffer {
        var buffer = Buffer(width: width, height: 8)
        LogsPane(state: state, view: view).render(into: &buffer, area: buffer.area)
        return buffer
    }

    @Test func podLinesAt80And160Columns() throws {
        let state = try Self.state()
        let narrow = render(width: 80, state: state)
        Golden.check(narrow, "logs-pods-80")
        #expect(narrow.lines.contains { $0.contains("ERROR canary h5n2v payment declined") }, "\(narrow.lines)")
        #expect(narrow.lines.contains { $0.contains("WARN  ?      zz9kq draining") })
        Golden.check(render(width: 160, state: state), "logs-pods-160")
    }

    /// A narrow pane keeps the cohort and drops the pod.
    @Test func aNarrowPaneKeepsTheCohort() throws {
        let lines = render(width: 60, state: try Self.state()).lines
        #expect(lines.contains { $0.contains("ERROR canary payment declined") }, "\(lines)")
        #expect(!lines.contains { $0.contains("h5n2v") })
    }

    @Test func searchAndLevelFiltersWorkOnPodLines() throws {
        let state = try Self.state()
        var view = ViewState(journalPath: "warroom.sqlite")
        for key in "/panic" { _ = view.handle(.character(key), state: state) }
        _ = view.handle(.enter, state: state)
        _ = view.handle(.character("f"), state: state)
        let found = render(width: 80, state: state, view: view).lines.dropFirst().filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("└") }
        #expect(found.count == 1 && found[0].contains("canary h5n2v panic: nil map ␛[2J"), "\(found)")
        var errors = ViewState(journalPath: "warroom.sqlite")
        _ = errors.handle(.character("l"), state: state)
        _ = errors.handle(.character("l"), state: state)
        #expect(errors.logView.levels == .errors)
        let rows = render(width: 80, state: state, view: errors).lines.filter { $0.contains("ERROR") }
        #expect(rows.count >= 2 && rows.filter { $0.contains("canary") }.count == 2)
    }

    @Test func podSuffix() {
        #expect(LogsPane.podSuffix("checkout-7c9f6d4bb8-h5n2v") == "h5n2v")
        #expect(LogsPane.podSuffix("ledger-0") == "0")
        #expect(LogsPane.podSuffix("solo") == "solo")
    }
}
