import Foundation
import Testing
@testable import WarRoomCore
import WarRoomPlan
@testable import WarRoomUI

/// The metrics pane gives its rows out by importance, shows each health check as a row from the journal, and every
/// dialog scrolls.
@Suite struct MetricsRowsTests {
    typealias Rows = MetricsRows

    // MARK: Giving out rows

    @Test func everythingFitsInItsOwnOrder() {
        let rows = Rows(metrics: [.ok, .notOK], checks: [.ok], triggers: [.inactive], height: 10)
        #expect(rows.rows == [.metricHeader, .metric(0), .metric(1), .healthHeader, .check(0), .trigger(0)])
        #expect(rows.hiddenMetrics.isEmpty && rows.hiddenChecks.isEmpty && rows.hiddenTriggers.isEmpty)
    }

    @Test func aFiringTriggerComesBeforeOKMetricsAndInactiveTriggersAreCounted() {
        // Five metrics and three triggers in six rows (80x24): the firing one shows, the inactive ones are counted.
        let rows = Rows(metrics: [.notOK, .ok, .ok, .ok, .ok], checks: [], triggers: [.firing, .inactive, .inactive], height: 6)
        #expect(rows.rows == [.metricHeader, .metric(0), .metric(1), .metric(2), .trigger(0), .hidden])
        #expect(rows.hiddenMetrics == [3, 4])
        #expect(rows.hiddenTriggers == [1, 2])
    }

    @Test func whomToEscalateToGoesUnderTheFiringTriggersAndIsNeverCounted() {
        let rows = Rows(metrics: [.notOK, .ok], checks: [], triggers: [.firing, .firing, .pending, .inactive], escalateAfter: 1, height: 10)
        #expect(rows.rows == [.metricHeader, .metric(0), .metric(1), .trigger(0), .trigger(1), .escalation, .trigger(2), .trigger(3)])
        // Short of rows it comes after the firing triggers and before what is pending.
        let short = Rows(metrics: [.notOK, .ok], checks: [], triggers: [.firing, .pending], escalateAfter: 0, height: 4)
        #expect(short.rows == [.trigger(0), .escalation, .trigger(1), .hidden])
        #expect(short.hiddenMetrics == [0, 1])
        // Left out, it is not counted: it names people, not a metric or a trigger.
        let shorter = Rows(metrics: [], checks: [], triggers: [.firing], escalateAfter: 0, height: 1)
        #expect(shorter.rows == [.trigger(0)])
    }

    @Test func whatIsWrongComesBeforeWhatIsFineWhateverTheSection() {
        let rows = Rows(metrics: [.ok, .ok, .ok], checks: [.ok, .notOK], triggers: [.pending], height: 6)
        #expect(rows.rows == [.metricHeader, .metric(0), .healthHeader, .check(1), .trigger(0), .hidden])
        #expect(rows.hiddenMetrics == [1, 2] && rows.hiddenChecks == [0])
    }

    @Test func aBreachGoesWithoutItsTitleRowRatherThanNotAtAll() {
        // Four urgent triggers leave two rows: the BREACH takes one without the column titles, the count the other.
        let rows = Rows(metrics: [.notOK, .notOK, .ok], checks: [], triggers: [.firing, .firing, .pending, .pending, .inactive], height: 6)
        #expect(rows.rows == [.metric(0), .trigger(0), .trigger(1), .trigger(2), .trigger(3), .hidden])
        #expect(rows.hiddenMetrics == [1, 2] && rows.hiddenTriggers == [4])
    }

    @Test func nothingLessImportantTakesARowSomethingMoreImportantMissed() {
        // The second failing check does not fit: the OK metric, as cheap as it, does not take its place.
        let rows = Rows(metrics: [.ok], checks: [.notOK, .notOK], triggers: [.firing, .firing], height: 4)
        #expect(rows.rows == [.check(0), .trigger(0), .trigger(1), .hidden])
        #expect(rows.hiddenChecks == [1] && rows.hiddenMetrics == [0])
    }

    @Test func theSelectedRowStaysInSightBelowFiringAndPendingTriggers() {
        let rows = Rows(metrics: [.ok, .ok, .ok, .selected], checks: [], triggers: [.firing], height: 4)
        #expect(rows.rows == [.metricHeader, .metric(3), .trigger(0), .hidden])
    }

    @Test func aTitleRowIsOnlySpentWithItsSection() {
        #expect(Rows(metrics: [], checks: [.notOK, .ok], triggers: [], height: 3).rows == [.healthHeader, .check(0), .check(1)])
        #expect(Rows(metrics: [.ok], checks: [.ok], triggers: [], height: 2).rows == [.metric(0), .check(0)], "rows before titles")
        #expect(Rows(metrics: [.ok], checks: [], triggers: [.inactive], height: 3).rows == [.metricHeader, .metric(0), .trigger(0)],
                "a title left out for want of room comes back when a row is left")
        #expect(Rows(metrics: [.ok], checks: [], triggers: [], height: 0).rows.isEmpty)
        #expect(Rows(metrics: [.ok, .ok], checks: [], triggers: [], height: 1).rows == [.hidden])
    }

    // MARK: Screens

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func screen(width: Int, height: Int, state: AppState, view: ViewState) throws -> Buffer {
        let load = { (name: String) in try LayoutLoader.load(path: Self.repository.appendingPathComponent("layouts/\(name).yaml").path) }
        let layout = Screen.pickLayout(preferred: try load("default"), fallback: try load("compact"), width: width, height: height)
        return Screen(state: state, view: view, layout: layout).render(width: width, height: height)
    }

    static let checks = [
        HealthCheck(name: "ready", kind: .readiness,
                    probe: .http(url: "http://checkout-canary:8080/health/ready", statuses: 200...299, bodyContains: nil, token: nil),
                    interval: 10, timeout: 2, failureThreshold: 3),
        HealthCheck(name: "live", kind: .liveness,
                    probe: .http(url: "http://checkout-canary:8080/health/live", statuses: 200...200, bodyContains: "ok", token: nil),
                    interval: 15, timeout: 2, failureThreshold: 5),
        HealthCheck(name: "smoke", kind: .smoke, probe: .command("./smoke.sh --canary"), interval: 120, timeout: 45, failureThreshold: 1),
    ]

    /// Mid-release with health checks: ready failing 2 of 3 (HTTP 503), live passing, smoke failed past its rule.
    static func withChecks(metrics: Int = 4, checks: [HealthCheck] = checks, triggers: [String]? = nil) throws -> AppState {
        var plan = try Scene.plan()
        plan.metrics = Array(plan.metrics.prefix(metrics))
        plan.healthChecks = checks
        let rules = triggers ?? plan.triggers.map(\.text) + ["health.ready fails 3 consecutive", "health.smoke fails 1 consecutive"]
        plan.triggers = try rules.map { try TriggerRule(parsing: $0) }
        var state = try Scene.midRelease(with: plan)
        var events: [Event] = []
        for step in 0..<4 {
            let time = Scene.at(21.5).addingTimeInterval(Double(step) * 10)
            events.append(.tick(time))
            events.append(.health(HealthResult(check: "ready", time: time, passed: step < 2, answer: .http(status: step < 2 ? 200 : 503),
                                               latency: step < 2 ? 0.011 : 0.004,
                                               reason: step < 2 ? nil : "HTTP 503, expected 200…299: draining connections")))
            events.append(.health(HealthResult(check: "live", time: time, passed: true, answer: .http(status: 200), latency: 0.008)))
        }
        events.append(.health(HealthResult(check: "smoke", time: Scene.at(21.8), passed: false, answer: .exit(status: 2), latency: 14.2,
                                           reason: "exited with status 2: checkout returned 500 for cart 42")))
        events.append(.tick(Scene.at(22)))
        Scene.run(&state, events.filter { event in
            switch event {
            case .health(let result): checks.contains { $0.name == result.check }
            default: true
            }
        })
        return state
    }

    @Test func healthRowsAt160x48() throws {
        var view = ViewState(journalPath: "warroom.sqlite")
        view.focus = .metrics
        Golden.check(try screen(width: 160, height: 48, state: try Self.withChecks(), view: view), "screen-160x48-health")
    }

    @Test func healthRowsAt80x24() throws {
        // One metric, two checks and their trigger: what fits the compact layout's metrics pane whole.
        let state = try Self.withChecks(metrics: 1, checks: Array(Self.checks.prefix(2)), triggers: ["health.ready fails 3 consecutive"])
        Golden.check(try screen(width: 80, height: 24, state: state, view: ViewState(journalPath: "warroom.sqlite")), "screen-80x24-health")
    }

    @Test func aFiringTriggerWithFiveMetricsAt80x24() throws {
        var plan = try Scene.plan()
        plan.metrics.append(MetricSpec(name: "cpu", unit: .percent, baseline: 40, success: Bound(.below, 70), alert: Bound(.above, 90)))
        var state = try Scene.midRelease(with: plan)
        var events: [Event] = []
        for step in 1...36 {
            let time = Scene.at(22).addingTimeInterval(Double(step) * 10)
            events += [.tick(time), .sample(MetricSample(name: "error_rate", value: 2.6 + Double(step) * 0.02, time: time)),
                       .sample(MetricSample(name: "p99_latency", value: 220, time: time)),
                       .sample(MetricSample(name: "throughput", value: 1190, time: time)),
                       .sample(MetricSample(name: "cpu", value: 45, time: time))]
        }
        Scene.run(&state, events)
        #expect(state.triggers["error_rate > 2% for 5m"]?.isFiring == true)
        Golden.check(try screen(width: 80, height: 24, state: state, view: ViewState(journalPath: "warroom.sqlite")), "screen-80x24-firing-5-metrics")
    }

    @Test func eExplainsTheSelectedCheck() throws {
        let state = try Self.withChecks()
        var view = ViewState(journalPath: "j")
        view.focus = .metrics
        for _ in 0..<4 { _ = view.handle(.down, state: state) }
        _ = view.handle(.character("e"), state: state)
        #expect(view.modal == .explain(metric: "health.ready"))
        _ = view.handle(.escape, state: state)
        for _ in 0..<9 { _ = view.handle(.down, state: state) }
        #expect(view.cursor(in: .metrics) == 6, "the cursor runs over metrics, then checks")
    }

    // MARK: Dialogs scroll

    @Test func theHelpScrollsAt80x24AndItsHintStays() throws {
        let state = try Scene.midRelease()
        var view = ViewState(journalPath: "/home/sam/releases/warroom-checkout-service-2.14.0.sqlite")
        _ = view.handle(.character("?"), state: state)
        let top = try screen(width: 80, height: 24, state: state, view: view)
        #expect(top.lines.contains { $0.contains("└─ ↓ ") }, "the help at 80x24 says there is more")
        _ = view.handle(.character("j"), state: state)
        _ = view.handle(.down, state: state)
        Golden.check(try screen(width: 80, height: 24, state: state, view: view), "screen-80x24-help-scrolled")
        // Past the end it stops at the last line; back up, one line at a time or a page.
        for _ in 0..<60 { _ = view.handle(.down, state: state) }
        let bottom = try screen(width: 80, height: 24, state: state, view: view)
        #expect(!bottom.lines.contains { $0.contains("↓") && $0.contains("more") })
        #expect(bottom.lines.contains { $0.contains("Esc or ? closes this help.") })
        _ = view.handle(.up, state: state)
        #expect(try screen(width: 80, height: 24, state: state, view: view).lines.contains { $0.contains("↓ 1 more") })
        for _ in 0..<3 { _ = view.handle(.pageUp, state: state) }
        #expect(view.dialogScroll == 0)
        // Closing and opening again starts at the top.
        _ = view.handle(.pageDown, state: state)
        _ = view.handle(.escape, state: state)
        _ = view.handle(.character("?"), state: state)
        #expect(view.dialogScroll == 0)
    }

    @Test func aTextFieldTakesJAndKAsText() throws {
        let state = try Scene.midRelease()
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("n"), state: state)
        _ = view.handle(.character("j"), state: state)
        _ = view.handle(.character("k"), state: state)
        #expect(view.modal == .note(text: "jk"))
    }
}

/// The rollback steps scroll with the chosen step: j and k choose, and the dialog follows.
@Suite struct RollbackStepsScrollTests {
    @Test func theChosenStepStaysInSightOnAShortTerminal() throws {
        var plan = try Scene.plan()
        plan.rollback.steps = (1...14).map { RollbackStep("Step number \($0) of the runbook", command: "./rollback.sh --step \($0)") }
        var state = try Scene.midRelease(with: plan)
        Scene.run(&state, [.tick(Scene.at(23)), .intent(.rollback(reason: nil), actor: "sam")])
        var view = ViewState(journalPath: "j")
        _ = view.handle(.character("r"), state: state)
        #expect(view.modal == .rollbackSteps(selected: 0))
        func shown() -> [String] {
            var buffer = Buffer(width: 80, height: 24)
            DialogView(state: state, view: view, modal: view.modal!).render(into: &buffer, area: buffer.area)
            return buffer.lines
        }
        for step in 2...14 {
            _ = view.handle(.character("j"), state: state)
            #expect(shown().contains { $0.contains("▶ \(step). Step number \(step) ") }, "step \(step) chosen but not shown")
        }
        #expect(shown().contains { $0.contains("j/k choose") }, "the answer line stays")
        for step in (1...13).reversed() {
            _ = view.handle(.character("k"), state: state)
            #expect(shown().contains { $0.contains("▶ \(step). Step number \(step) ") }, "step \(step) chosen but not shown")
        }
        #expect(view.dialogScroll == 1, "scrolled back just enough: the line above step 1 says who rolled back")
    }
}
