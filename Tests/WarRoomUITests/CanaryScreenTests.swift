import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
import WarRoomTestSupport
@testable import WarRoomUI

/// Issue 19's screens: the canary view (`v`) for a healthy canary, a failing critical metric, the warm-up before the
/// judge has samples, and an objective burning fast; at 80x24 and 160x48. Its keys, live and in a replay.
@Suite struct CanaryScreenTests {
    func screen(width: Int, height: Int, state: AppState, view: ViewState) throws -> Buffer {
        let load = { (name: String) in try LayoutLoader.load(path: ScreenGoldenTests.repository.appendingPathComponent("layouts/\(name).yaml").path) }
        let layout = Screen.pickLayout(preferred: try load("default"), fallback: try load("compact"), width: width, height: height)
        return Screen(state: state, view: view, layout: layout).render(width: width, height: height)
    }

    /// The canary view open on a `width`×`height` screen, scrolled down `pages` pages.
    func canaryView(width: Int, height: Int, state: AppState, pages: Int = 0) -> ViewState {
        var view = ViewState(journalPath: "/home/sam/releases/warroom-checkout-service-2.14.0.sqlite")
        (view.screenWidth, view.screenHeight) = (width, height)
        _ = view.handle(.character("v"), state: state)
        for _ in 0..<pages { _ = view.handle(.pageDown, state: state) }
        return view
    }

    func goldens(_ state: AppState, _ name: String, scrolledAt80x24 pages: Int = 0) throws {
        Golden.check(try screen(width: 80, height: 24, state: state, view: canaryView(width: 80, height: 24, state: state, pages: pages)),
                     "canary-\(name)-80x24")
        Golden.check(try screen(width: 160, height: 48, state: state, view: canaryView(width: 160, height: 48, state: state)),
                     "canary-\(name)-160x48")
    }

    // MARK: The view

    @Test func aHealthyCanaryPasses() throws {
        let state = try CanaryScene.state(.healthy, minutes: 12)
        #expect(state.canary?.outcome == .pass)
        try goldens(state, "pass")
    }

    @Test func aSlowCriticalMetricFailsTheJudge() throws {
        let state = try CanaryScene.state(.slow, minutes: 12)
        #expect(state.canary?.outcome == .fail)
        #expect(state.canary?.score == 0)
        #expect(state.canary?.verdict(of: "p99_latency")?.call == .high)
        try goldens(state, "fail")
        // The main screen says it too: the header's judge word and the status bar's hint.
        var main = ViewState(journalPath: "j")
        (main.screenWidth, main.screenHeight) = (80, 24)
        let lines = try screen(width: 80, height: 24, state: state, view: main).lines
        #expect(lines[1].contains("judge FAIL 0"))
        #expect(lines.last?.contains("v:JUDGE FAIL") == true)
    }

    @Test func theWarmUpHasNoDataAndNeverLooksHealthy() throws {
        let state = try CanaryScene.state(.healthy, minutes: 2)
        #expect(state.canary?.outcome == .noData)
        try goldens(state, "nodata")
        let lines = CanaryLines(state: state).lines(width: 72)
        for (text, style) in lines where text.contains("NO DATA") {
            #expect(style.foreground != .green, "\(text)")
        }
    }

    @Test func anObjectiveBurningFast() throws {
        let state = try CanaryScene.state(.burning, minutes: 12)
        let rule = try #require(state.plan.triggers.first { $0.text.hasPrefix("burn_rate") })
        #expect(state.triggers[rule.id]?.isFiring == true)
        try goldens(state, "burning", scrolledAt80x24: 1)
    }

    @Test func theGaugeDrawsTheIntervalAgainstTheBand() {
        // Within the band: the interval between the ┆ marks, no change in the middle.
        let within = CanaryLines.gauge(lower: -2, shift: 1, upper: 4, allowed: 10, columns: 21)
        #expect(within.count == 21)
        #expect(within.firstIndex(of: "┆")! < within.firstIndex(of: "[")!)
        #expect(within.lastIndex(of: "┆")! > within.firstIndex(of: "]")!)
        // Beyond the scale: an arrow at the end, never a bracket drawn where the interval is not.
        let beyond = CanaryLines.gauge(lower: 30, shift: 50, upper: 90, allowed: 10, columns: 21)
        #expect(beyond.last == "▶")
        #expect(!beyond.contains("]"))
        // Nothing tolerated: no band, still no change and the interval.
        let exact = CanaryLines.gauge(lower: 1, shift: 2, upper: 3, allowed: 0, columns: 21)
        #expect(!exact.contains("┆") && exact.contains("│") && exact.contains("●"))
    }

    @Test func hostileNamesCannotPutEscapesOnScreen() throws {
        let hostile = "p99\u{1b}[2J\u{1b}]0;pwned\u{07}\u{202e}"
        var plan = try CanaryScene.plan()
        plan.metrics[1].name = hostile
        plan.metrics[1].cohorts = MetricCohorts(canary: .init(series: hostile + ":canary\u{1b}[31m"), baseline: .init(series: "\u{9b}31m"))
        plan.slos[0].name = "slo\u{1b}[5m"
        plan.triggers = plan.triggers.filter { !$0.text.hasPrefix("p99_latency") }
        let state = try CanaryScene.state(.healthy, minutes: 2, plan: plan)
        for (width, height) in [(80, 24), (160, 48)] {
            for pages in 0..<3 {
                let buffer = try screen(width: width, height: height, state: state,
                                        view: canaryView(width: width, height: height, state: state, pages: pages))
                for line in buffer.lines {
                    #expect(HostileText.rawControls(in: line, allowing: []).isEmpty, "\(line)")
                    #expect(!line.unicodeScalars.contains("\u{202e}"), "\(line)")
                }
            }
        }
        #expect(CanaryLines(state: state).lines(width: 72).contains { $0.0.contains("p99␛[2J") })
    }

    // MARK: Keys

    @Test func vOpensAndClosesTheCanaryView() throws {
        let state = try CanaryScene.state(.healthy, minutes: 2)
        for close in [Key.character("v"), .escape, .character("q")] {
            var view = ViewState(journalPath: "j")
            _ = view.handle(.character("v"), state: state)
            #expect(view.modal == .canary)
            #expect(view.handle(close, state: state).isEmpty)
            #expect(view.modal == nil, "\(close)")
        }
    }

    @Test func theCanaryViewScrollsAndKeepsItsKeysInSight() throws {
        let state = try CanaryScene.state(.burning, minutes: 2)
        var view = canaryView(width: 80, height: 24, state: state)
        _ = view.handle(.character("j"), state: state)
        #expect(view.dialogScroll == 1)
        _ = view.handle(.pageDown, state: state)
        _ = view.handle(.pageDown, state: state)
        let page = try #require(DialogView(state: state, view: view, modal: .canary).page(in: Rect(x: 0, y: 0, width: 80, height: 24)))
        #expect(view.dialogScroll == page.limit)
        #expect(page.lines.last?.0.contains("Esc or v closes") == true)
    }

    @Test func theCanaryViewWorksInAReplay() throws {
        let state = try CanaryScene.state(.healthy, minutes: 2)
        var view = ViewState(journalPath: "j")
        view.replay = ReplayStatus(offset: 0, speed: 1, isPaused: false)
        #expect(view.handleReplay(.character("v"), state: state).isEmpty)
        #expect(view.modal == .canary)
        #expect(view.flash == nil)
        #expect(view.handleReplay(.escape, state: state).isEmpty)
        #expect(view.modal == nil)
        #expect(KeyMap<ReplayKeyAction>.replay.action(for: .character("v")) == .look(.canary))
    }

    @Test func theStatusBarOffersTheViewOnlyWhenThePlanJudges() throws {
        let judged = try CanaryScene.state(.healthy, minutes: 2)
        let plain = try Scene.midRelease()
        func bar(_ state: AppState) throws -> String {
            var view = ViewState(journalPath: "j")
            view.focus = .metrics
            (view.screenWidth, view.screenHeight) = (160, 48)
            return try screen(width: 160, height: 48, state: state, view: view).lines.last ?? ""
        }
        #expect(try bar(judged).contains("v:canary"))
        #expect(try !bar(plain).contains("v:"))
    }

    // MARK: Explanations

    @Test func theExplanationOfAJudgedMetricHasTheJudgesNumbers() throws {
        let state = try CanaryScene.state(.slow, minutes: 12)
        let text = state.explanation(of: "p99_latency").joined(separator: "\n")
        for expected in ["The judge calls it HIGH", "Canary median", "over 60 samples", "Hodges-Lehmann shift", "98% CI",
                         "significant, and the estimate lies beyond the tolerance", "Mann-Whitney U", "canary higher in", "mean ratio", "Brown-Forsythe",
                         "Trigger judge score < 75 for 5m", "Trigger judge fails 2 consecutive"] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
        #expect(!state.explanation(of: "throughput").joined().contains("judge"))
    }

    @Test func theExplanationInTheWarmUpSaysNoData() throws {
        let state = try CanaryScene.state(.healthy, minutes: 2)
        let text = state.explanation(of: "p99_latency").joined(separator: "\n")
        #expect(text.contains("The judge has NO DATA for it"))
        #expect(text.contains("No data is never counted as a pass."))
    }
}
