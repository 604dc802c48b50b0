import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
@testable import WarRoomUI

/// Every Double a broken source could deliver, and every distance in time between samples, drawn on the whole
/// screen and in the explain dialog: the screen shows a defined text for each and never traps.
@Suite struct ExtremeValueScreenTests {
    static let extremes: [Double] = [
        1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan,
        5e-324, -0.0, 1e18, -1e18, 9.2e18, -9.3e18, 123_456_789_012_345,
    ]

    /// The mid-release scene with every metric fed each extreme in turn, samples seconds or centuries apart.
    static func state(values: [Double], spacing: TimeInterval) throws -> AppState {
        var state = try Scene.midRelease()
        var events: [Event] = []
        var time = Scene.at(22)
        for value in values {
            time = time.addingTimeInterval(spacing)
            events.append(.tick(time))
            for metric in ["error_rate", "p99_latency", "throughput", "checkout_conversion"] {
                events.append(.sample(MetricSample(name: metric, value: value, time: time)))
            }
        }
        Scene.run(&state, events)
        return state
    }

    @Test(arguments: [1.0, 86_400.0 * 365 * 1000] as [TimeInterval])
    func extremeValuesDrawAtEverySizeAndInTheExplainDialog(spacing: TimeInterval) throws {
        let layouts = try ["default", "compact"].map {
            try LayoutLoader.load(path: ScreenGoldenTests.repository.appendingPathComponent("layouts/\($0).yaml").path)
        }
        for values in [Self.extremes, Self.extremes.reversed(), [1e308, -1e308], [-1e308, 1e308, 1e308]] {
            let state = try Self.state(values: values, spacing: spacing)
            for (width, height) in [(80, 24), (200, 60), (30, 10)] {
                var view = ViewState(journalPath: "j")
                view.focus = .metrics
                let layout = Screen.pickLayout(preferred: layouts[0], fallback: layouts[1], width: width, height: height)
                let screen = Screen(state: state, view: view, layout: layout).render(width: width, height: height)
                #expect(screen.lines.count == height)
                _ = view.handle(.character("e"), state: state)
                let explained = Screen(state: state, view: view, layout: layout).render(width: width, height: height)
                #expect(explained.lines.count == height)
            }
        }
    }

    @Test func aDateNoCalendarHoldsSaysSo() {
        for far in [1e19, -1e19, .infinity, .nan] {
            #expect(TimeText.clock(Date(timeIntervalSince1970: far)) == "out of range")
            #expect(TimeText.dateTime(Date(timeIntervalSince1970: far)) == "out of range")
        }
        #expect(TimeText.dateTime(Scene.t0) == "2026-11-22 14:00Z")
    }

    @Test func aSparklineOfTheWidestSpanStillDraws() {
        #expect(Sparkline.render([1e308, -1e308, 0], width: 3) == "█▁▅")
        #expect(Sparkline.render([-.greatestFiniteMagnitude, .greatestFiniteMagnitude], width: 2) == "▁█")
        #expect(Sparkline.render([.nan, .infinity, 1], width: 3) == "▄")
    }
}

extension ExtremeValueScreenTests {
    /// What a person sees when an exporter sends the widest finite values: numbers in a few columns, not 309 digits.
    @Test func theMetricsPaneWithTheWidestValues() throws {
        let state = try Self.state(values: [1e308, -1e308, .nan, 1e308], spacing: 10)
        let layout = try LayoutLoader.load(path: ScreenGoldenTests.repository.appendingPathComponent("layouts/compact.yaml").path)
        Golden.check(Screen(state: state, view: ViewState(journalPath: "j"), layout: layout).render(width: 80, height: 24),
                     "screen-80x24-extreme-values")
    }
}
