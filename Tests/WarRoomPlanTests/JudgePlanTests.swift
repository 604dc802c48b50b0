import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomPlan

/// The canary judge's keys (a metric's `cohorts:` and `judge:`, the root `judge:`), the objectives (`slos:`, written
/// or imported from OpenSLO) and the triggers and gates that read them: every key read right, every mistake with its
/// place and hint.
@Suite("Judge and SLO sections")
struct JudgePlanTests {
    /// A plan with a file source `app` and a Prometheus source `prom`, then `metrics`, then `rest` (triggers and more).
    static func text(metrics: String, rest: String = "") -> String {
        """
        release: {name: svc, version: 1.0.0}
        strategy: canary
        stages:
          - name: One
            gate: [p99_latency]
        sources:
          - {name: app, file: metrics.csv, format: csv}
          - {name: prom, prometheus: "http://127.0.0.1:9090"}
        rollback:
          steps: [Roll back]
        metrics:
        \(metrics)
        \(rest)
        """
    }

    static let latency = """
          - name: p99_latency
            unit: ms
            source: app
            success: "< 300"
            alert: "> 450"
        """

    static func check(_ text: String, file: String = "plan.yaml") -> (plan: Plan?, report: DiagnosticReport) {
        PlanLoader.check(text: text, file: file, environment: [:])
    }

    static func load(_ text: String, file: String = "plan.yaml") throws -> Plan {
        let result = check(text, file: file)
        #expect(result.report.errors.isEmpty, "\(result.report)")
        return try #require(result.plan)
    }

    /// Headline and hint of every error.
    static func errors(_ text: String, file: String = "plan.yaml") -> [String] {
        check(text, file: file).report.errors.flatMap { [$0.description] + ($0.hint.map { ["hint: \($0)"] } ?? []) }
    }

    // MARK: The issue's snippet

    @Test func theIssuesSnippetParsesToTheModel() throws {
        let plan = try Self.load(Self.text(metrics: """
              - name: p99_latency
                unit: ms
                source: app
                success: "< 300"
                alert: "> 450"
                cohorts: {canary: p99_latency_canary, baseline: p99_latency_stable}
                judge: {direction: increase, tolerance: 10%, critical: true}
            """, rest: """
            judge: {window: 10m, confidence: 98%, pass: 95, marginal: 75, min_samples: 20}
            triggers:
              - p99_latency > 450ms for 5m
              - judge score < 75 for 5m
            """))
        let metric = try #require(plan.metric(named: "p99_latency"))
        #expect(metric.cohorts == MetricCohorts(canary: .init(series: "p99_latency_canary"), baseline: .init(series: "p99_latency_stable")))
        #expect(metric.judging == MetricJudging(direction: .increase, tolerance: 0.1, critical: true))
        #expect(plan.judge == JudgeSettings(window: 600, confidence: 0.98, pass: 95, marginal: 75, minSamples: 20, every: 60))
        #expect(plan.judgedMetrics.map(\.name) == ["p99_latency"])
        guard case .judgeScore(let kind) = plan.triggers[1].condition else {
            Issue.record("expected a judge score trigger, got \(plan.triggers[1].condition)")
            return
        }
        #expect(kind.score == 75)
    }

    // MARK: Cohorts

    @Test func cohortSidesAreMetricsQueriesOrFields() throws {
        let plan = try Self.load(Self.text(metrics: """
              - name: errors
                source: prom
                query: sum(rate(errors_total[1m]))
                success: "< 1"
                alert: "> 5"
                cohorts: {canary: 'sum(rate(errors_total{track="canary"}[1m]))', baseline: 'sum(rate(errors_total{track="stable"}[1m]))'}
              - name: canary_lines
                source: app
                success: "< 1"
                alert: "> 5"
              - name: stable_count
                source: app
                series: stable_lines
                success: "< 1"
                alert: "> 5"
              - name: lines
                source: app
                success: "< 1"
                alert: "> 5"
                cohorts: {canary: canary_lines, baseline: stable_lines}
            \(Self.latency)
                cohorts: {canary: lat_canary, baseline: lat_stable}
            """, rest: "triggers: [judge fails 2 consecutive]"))
        #expect(plan.metric(named: "errors")?.cohorts == MetricCohorts(
            canary: .init(series: "errors:canary", query: #"sum(rate(errors_total{track="canary"}[1m]))"#),
            baseline: .init(series: "errors:baseline", query: #"sum(rate(errors_total{track="stable"}[1m]))"#)))
        #expect(plan.metric(named: "lines")?.cohorts == MetricCohorts(canary: .init(series: "canary_lines"),
                                                                      baseline: .init(series: "stable_count")),
                "a metric's series by name; a field another metric renames, by that metric's name")
        #expect(plan.metric(named: "p99_latency")?.cohorts?.canary == .init(series: "lat_canary"))
        #expect(plan.metric(named: "p99_latency")?.judging == MetricJudging(direction: .increase),
                "cohorts without judge: the defaults, the bad direction read from success")
        #expect(plan.metric(named: "errors")?.judging?.tolerance == 0.1)
    }

    @Test func higherIsBetterMetricsJudgeADecrease() throws {
        let plan = try Self.load(Self.text(metrics: """
            \(Self.latency)
              - name: throughput
                source: app
                success: "> 100"
                alert: "< 50"
                cohorts: {canary: tp_canary, baseline: tp_stable}
                judge: {weight: 2, group: traffic, test: rank}
            """, rest: "triggers: [p99_latency > 450 for 5m, judge score < 75 for 5m]"))
        #expect(plan.metric(named: "throughput")?.judging
                == MetricJudging(direction: .decrease, tolerance: 0.1, critical: false, weight: 2, group: "traffic", test: .rank))
    }

    @Test func cohortMistakes() {
        let errors = Self.errors(Self.text(metrics: """
              - name: p99_latency
                unit: ms
                source: app
                success: "< 300"
                alert: "> 450"
                cohorts: {canary: p99_latency, stable: x}
              - name: errors
                source: app
                success: "< 1"
                alert: "> 5"
                cohorts: {canary: same, baseline: same}
              - name: loose
                success: "< 1"
                alert: "> 5"
                judge: {tolerance: 10%}
            """))
        #expect(errors == [
            "plan.yaml:17:5: error: missing required key 'baseline' in the cohorts of metric 'p99_latency'",
            "plan.yaml:17:23: error: the canary side of metric 'p99_latency' names the metric itself",
            "hint: name the canary's own series, such as p99_latency_canary",
            "plan.yaml:17:36: error: unknown key 'stable' in the cohorts of metric 'p99_latency'",
            "hint: a metric's cohorts are canary and baseline (the stable version's side): write cohorts: {canary: p99_latency_canary, baseline: p99_latency_stable}",
            "plan.yaml:22:39: error: the canary and baseline of metric 'errors' are the same series, so the judge would compare it with itself",
            "hint: name the stable version's series as baseline",
            "plan.yaml:26:5: error: metric 'loose' says how the judge treats it, but has no cohorts to compare",
            "hint: add cohorts: {canary: p99_latency_canary, baseline: p99_latency_stable}, or remove 'judge:'",
        ])
    }

    @Test func metricJudgeMistakes() {
        let errors = Self.errors(Self.text(metrics: """
              - name: p99_latency
                unit: ms
                source: app
                success: "< 300"
                alert: "> 450"
                cohorts: {canary: a, baseline: b}
                judge: {direction: up, tolerance: 0.1, critical: maybe, weight: 0, test: t, colour: red}
            """))
        #expect(errors.contains("plan.yaml:18:24: error: unknown direction 'up'"))
        #expect(errors.contains("plan.yaml:18:39: error: expected a percentage such as 10% for 'tolerance', found '0.1'; 0.1 as a percentage is 10%"))
        #expect(errors.contains("hint: write the number followed by %, as in tolerance: 10%"))
        #expect(errors.contains("plan.yaml:18:54: error: expected true or false for 'critical', found 'maybe'"))
        #expect(errors.contains("plan.yaml:18:69: error: a metric's weight in the judge's score must be above 0, found 0"))
        #expect(errors.contains("plan.yaml:18:78: error: unknown test 't'"))
        #expect(errors.contains("plan.yaml:18:81: error: unknown key 'colour' in the judge of metric 'p99_latency'"))
    }

    // MARK: Root judge

    @Test func judgeSettingsMistakes() {
        let errors = Self.errors(Self.text(metrics: Self.latency + "\n    cohorts: {canary: a, baseline: b}", rest: """
            judge: {window: 0, confidence: 40%, pass: 120, marginal: 80, min_samples: 1, every: soon, speed: 2}
            """))
        #expect(errors.contains("plan.yaml:18:17: error: 'window' of judge must be longer than 0"))
        #expect(errors.contains("plan.yaml:18:32: error: 'confidence' must lie between 50% and 100%, found '40%'"))
        #expect(errors.contains("plan.yaml:18:43: error: a judge score runs from 0 to 100, and 'pass' is 120"))
        #expect(errors.contains("plan.yaml:18:58: error: the marginal score (80) is above the passing one (75)") == false,
                "a pass out of range is reported alone")
        #expect(errors.contains("plan.yaml:18:75: error: min_samples must be at least 2, found 1"))
        #expect(errors.contains("plan.yaml:18:85: error: expected a duration such as 30s, 5m or 1h30m, at most 30d, for 'every', found 'soon'"))
        #expect(errors.contains("plan.yaml:18:91: error: unknown key 'speed' in judge"))
        let order = Self.errors(Self.text(metrics: Self.latency + "\n    cohorts: {canary: a, baseline: b}",
                                          rest: "judge: {pass: 70, marginal: 80}"))
        #expect(order == ["plan.yaml:18:29: error: the marginal score (80) is above the passing one (70)",
                          "hint: scores at or above pass PASS, those at or above marginal are MARGINAL: write marginal ≤ pass, e.g. pass: 95, marginal: 75"])
    }

    @Test func judgeWithoutCohortsWarns() {
        let report = Self.check(Self.text(metrics: Self.latency, rest: "judge: {window: 5m}\ntriggers: [p99_latency > 450 for 5m]")).report
        #expect(report.diagnostics.map(\.description) == [
            "plan.yaml:17:1: warning: the plan sets up the canary judge, but no metric has cohorts for it to compare"])
    }

    // MARK: Gates and triggers

    @Test func aGateMayWaitForTheJudge() throws {
        let gated = Self.text(metrics: Self.latency + "\n    cohorts: {canary: a, baseline: b}", rest: "triggers: [judge score < 75 for 5m]")
            .replacingOccurrences(of: "gate: [p99_latency]", with: "gate: [p99_latency, judge]")
        let plan = try Self.load(gated)
        #expect(plan.stages[0].gateMetrics == ["p99_latency", "judge"])
        #expect(Self.check(gated).report.warnings.isEmpty, "a judged metric is read by the judge's trigger")
        let ungated = Self.errors(Self.text(metrics: Self.latency, rest: "triggers: [p99_latency > 450 for 5m]")
            .replacingOccurrences(of: "gate: [p99_latency]", with: "gate: [p99_latency, judge]"))
        #expect(ungated == ["plan.yaml:5:25: error: the gate of stage 'One' waits for the canary judge, but no metric has cohorts",
                            "hint: give a metric 'cohorts: {canary: <series>, baseline: <series>}', or remove judge from the gate"])
    }

    @Test func theThreeNewTriggerForms() throws {
        let plan = try Self.load(Self.text(metrics: Self.latency + "\n    cohorts: {canary: a, baseline: b}", rest: """
            slos:
              - {name: checkout, objective: 99.9%, good: ok, total: all}
            triggers:
              - judge score < 75 for 5m
              - judge fails 2 consecutive
              - burn_rate(checkout, 1h, 5m) > 14.4
            """))
        #expect(plan.triggers.map(\.text) == ["judge score < 75 for 5m", "judge fails 2 consecutive", "burn_rate(checkout, 1h, 5m) > 14.4"])
        let unknown = Self.errors(Self.text(metrics: Self.latency, rest: """
            slos:
              - {name: checkout, objective: 99.9%, good: ok, total: all}
            triggers:
              - p99_latency > 450 for 5m
              - burn_rate(checkuot, 1h, 5m) > 14.4
            """))
        #expect(unknown == ["plan.yaml:21:15: error: unknown slo 'checkuot' in trigger; did you mean 'checkout'?",
                            "hint: defined slos: checkout"])
    }

    // MARK: SLOs

    @Test func slosWrittenOut() throws {
        let plan = try Self.load(Self.text(metrics: Self.latency, rest: """
            slos:
              - name: checkout
                objective: 99.9%
                good: checkout_ok
                total: checkout_requests
                cohorts:
                  canary: {good: ok_canary, total: all_canary}
                  baseline: {bad: failed_stable, total: all_stable}
                budget_remaining: 60%
                description: Checkouts that complete
              - name: search
                objective: "99.5%"
                period: 7d
                source: prom
                bad: sum(rate(search_errors_total[1m]))
                total: sum(rate(search_requests_total[1m]))
            triggers: [p99_latency > 450 for 5m, "burn_rate(search, 6h, 30m) > 6"]
            """))
        #expect(plan.slos == [
            SLOSpec(name: "checkout", objective: 0.999, events: .init(good: "checkout_ok", total: "checkout_requests"),
                    canary: .init(good: "ok_canary", total: "all_canary"),
                    baseline: .init(good: "failed_stable", countsBad: true, total: "all_stable"),
                    budgetAtStart: 0.6, description: "Checkouts that complete"),
            SLOSpec(name: "search", objective: 0.995, period: 7 * 86_400,
                    events: .init(good: "search:bad", countsBad: true, total: "search:total", source: "prom",
                                  goodQuery: "sum(rate(search_errors_total[1m]))", totalQuery: "sum(rate(search_requests_total[1m]))")),
        ])
        #expect(abs(plan.slos[0].objective - 0.999) < 1e-12)
    }

    @Test func sloMistakes() {
        let errors = Self.errors(Self.text(metrics: Self.latency, rest: """
            slos:
              - name: checkout
                objective: 0.999
                good: ok
                bad: failed
                total: all
              - name: checkout
                objective: 100%
                good: ok
              - name: search
                objective: 99%
                total: all
                budget_remaining: 120%
                window: 28d
              - name: api
                objective: 99%
                source: app
                good: ok
                total: ok
            triggers: [p99_latency > 450 for 5m]
            """))
        #expect(errors == [
            "plan.yaml:19:16: error: expected a percentage such as 99.9% for 'objective', found '0.999'; 0.999 as a percentage is 99.9%",
            "hint: write the number followed by %, as in objective: 99.9%",
            "plan.yaml:21:5: error: slo 'checkout' has both 'good' and 'bad'; it counts one of them against total",
            "hint: keep good: for successes, or bad: for failures, not both",
            "plan.yaml:23:11: error: duplicate slo 'checkout' (first at line 18)",
            "hint: each slo needs its own name",
            "plan.yaml:24:16: error: an objective of 100% leaves no error budget to burn",
            "hint: write the share of events that must be good, e.g. objective: 99.9%",
            "plan.yaml:25:5: error: slo 'checkout' says which events are good, but not how many there were in all: 'total' is missing",
            "hint: \(PlanDecoder.eventsHint)",
            "plan.yaml:26:5: error: slo 'search' counts neither good nor bad events",
            "hint: \(PlanDecoder.eventsHint)",
            "plan.yaml:29:23: error: 'budget_remaining' must lie between 0% and 100%, found '120%'",
            "hint: write it as in budget_remaining: 60%",
            "plan.yaml:30:5: error: unknown key 'window' in slo 3",
            "hint: known keys: \(PlanDecoder.sloKeys.joined(separator: ", "))",
            "plan.yaml:33:13: error: slo 'api' queries source 'app', which is not a Prometheus source",
            "hint: a file or command source writes series by name: drop 'source:' and name them in good: and total:",
            "plan.yaml:35:12: error: slo 'api' reads 'ok' for both good and total events",
            "hint: total counts every event, good only the good ones: name two series",
        ])
    }

    // MARK: OpenSLO

    @Test func openSLOImport() throws {
        let directory = TemporaryDirectory("openslo")
        try directory.write(Repository.text("fixtures/import/checkout-slo.openslo.yaml"), to: "checkout.yaml")
        let plan = try Self.load(Self.text(metrics: Self.latency, rest: """
            slos:
              - openslo: checkout.yaml
                source: prom
                cohorts:
                  canary: {good: 'sum(rate(ok{track="canary"}[1m]))', total: 'sum(rate(all{track="canary"}[1m]))'}
                  baseline: {good: 'sum(rate(ok{track="stable"}[1m]))', total: 'sum(rate(all{track="stable"}[1m]))'}
            triggers: [p99_latency > 450 for 5m, "burn_rate(checkout_availability, 1h, 5m) > 14.4"]
            """), file: directory.file("plan.yaml"))
        let slo = try #require(plan.slos.first)
        #expect(slo.name == "checkout_availability", "metadata.name, its dashes made underscores so a trigger can name it")
        #expect(slo.objective == 0.999)
        #expect(slo.period == 28 * 86_400, "4w")
        #expect(slo.description == "99.9% of checkout requests succeed")
        #expect(slo.events == SLOSpec.Events(
            good: "checkout_availability:good", total: "checkout_availability:total", source: "prom",
            goodQuery: #"sum(rate(http_requests_total{service="checkout",code!~"5.."}[1m]))"#,
            totalQuery: #"sum(rate(http_requests_total{service="checkout"}[1m]))"#))
        #expect(slo.canary?.good == "checkout_availability:canary:good")
        #expect(slo.canary?.goodQuery == #"sum(rate(ok{track="canary"}[1m]))"#)
        #expect(slo.baseline?.total == "checkout_availability:baseline:total")

        let renamed = try Self.load(Self.text(metrics: Self.latency, rest: """
            slos:
              - {openslo: checkout.yaml, source: prom, name: checkout, budget_remaining: 40%}
            triggers: [p99_latency > 450 for 5m]
            """), file: directory.file("plan.yaml"))
        #expect(renamed.slos.map(\.name) == ["checkout"])
        #expect(renamed.slos.first?.budgetAtStart == 0.4)
    }

    @Test func openSLOMistakesNameTheImportedFile() throws {
        let directory = TemporaryDirectory("openslo-broken")
        try directory.write("""
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout
            spec:
              indicator:
                spec:
                  ratioMetric:
                    good:
                      metricSource:
                        type: Prometheus
                        spec: {}
                    bad:
                      metricSource: {spec: {query: x}}
                    total:
                      metricSource: {spec: {query: y}}
              timeWindow:
                - duration: 1M
              objectives:
                - target: 99.9
            """, to: "broken.yaml")
        try directory.write("apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: {name: x}\nspec:\n  objectives: [{target: 0.99}]\n",
                            to: "old.yaml")
        let plan = directory.file("plan.yaml")
        let result = Self.check(Self.text(metrics: Self.latency, rest: """
            slos:
              - openslo: broken.yaml
                source: prom
              - openslo: old.yaml
                source: prom
                name: old
              - openslo: missing.yaml
              - openslo: old.yaml
                objective: 99%
            triggers: [p99_latency > 450 for 5m]
            """), file: plan)
        let broken = directory.file("broken.yaml"), old = directory.file("old.yaml")
        let errors = result.report.errors.map(\.description)
        #expect(errors.contains("\(broken):13:9: error: the ratioMetric has both good and bad; warroom reads one"))
        #expect(errors.contains("\(broken):18:17: error: expected a duration such as 28d or 4w for the time window, found '1M'"))
        #expect(errors.contains("\(broken):20:15: error: an objective must lie between 0 and 1 (0% and 100%), both excluded, found 99.9"))
        #expect(errors.contains("\(old):1:13: error: warroom reads OpenSLO openslo/v1 documents, and this one is openslo/v1alpha"))
        #expect(errors.contains("\(old):4:1: error: missing required key 'indicator' in spec"))
        #expect(errors.contains("\(plan):23:14: error: cannot read the OpenSLO file 'missing.yaml': no such file"))
        #expect(errors.contains("\(plan):25:5: error: 'objective' comes from the OpenSLO file beside 'openslo:'"))
        #expect(errors.contains("\(plan):23:5: error: slo 'checkout' reads PromQL queries from 'missing.yaml', but names no Prometheus source to ask") == false,
                "an unreadable file is reported once")
        let rendered = result.report.description
        #expect(rendered.contains("  - duration: 1M\n                ^"), "the imported file's line, with the caret:\n\(rendered)")
    }

    @Test func openSLOWithoutASource() throws {
        let directory = TemporaryDirectory("openslo-nosource")
        try directory.write(Repository.text("fixtures/import/checkout-slo.openslo.yaml"), to: "checkout.yaml")
        let errors = Self.errors(Self.text(metrics: Self.latency, rest: """
            slos:
              - openslo: checkout.yaml
            triggers: [p99_latency > 450 for 5m]
            """), file: directory.file("plan.yaml"))
        #expect(errors == [
            "\(directory.file("plan.yaml")):18:5: error: slo 'checkout_availability' reads PromQL queries from 'checkout.yaml', but names no Prometheus source to ask",
            "hint: add source: beside openslo:, naming a source with prometheus: <url>",
        ])
    }
}

extension JudgePlanTests {
    /// `judge` and `burn_rate` name the judge and the burn rates in gates and triggers: no metric may take them.
    @Test func theJudgesWordsAreKept() {
        let errors = Self.errors(Self.text(metrics: Self.latency + """

              - name: judge
                success: "< 1"
                alert: "> 5"
            """, rest: "triggers: [p99_latency > 450 for 5m, judge > 5]"))
        #expect(errors.contains("plan.yaml:17:11: error: 'judge' is kept for the canary judge's and the burn rates' rules"), "\(errors)")
        #expect(errors.contains("hint: rename the metric, e.g. judge_value"))
    }

    /// A counter's running total summed as if each sample were its interval's events would be nonsense.
    @Test func anOpenSLOCounterMustBeAskedForItsRate() throws {
        let directory = TemporaryDirectory("openslo-counter")
        let original = try Repository.text("fixtures/import/checkout-slo.openslo.yaml")
        try directory.write(original.replacingOccurrences(of: #"sum(rate(http_requests_total{service="checkout"}[1m]))"#,
                                                          with: #"sum(http_requests_total{service="checkout"})"#), to: "counter.yaml")
        try directory.write(original, to: "rates.yaml")
        let plan = directory.file("plan.yaml")
        func result(_ file: String) -> DiagnosticReport {
            Self.check(Self.text(metrics: Self.latency, rest: """
                slos:
                  - {openslo: \(file), source: prom}
                triggers: [p99_latency > 450 for 5m]
                """), file: plan).report
        }
        let counter = directory.file("counter.yaml")
        #expect(result("counter.yaml").errors.map(\.description)
            == ["\(counter):19:9: error: the ratioMetric reads counters (counter: true), and 'sum(http_requests_total{service=\"checkout\"})' asks for the running total itself"])
        #expect(result("rates.yaml").errors.isEmpty, "counter: true with rate() queries is what OpenSLO's examples write")
    }
}
