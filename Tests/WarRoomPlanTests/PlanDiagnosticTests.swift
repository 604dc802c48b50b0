import Testing
import WarRoomCore
@testable import WarRoomPlan

/// Each kind of mistake yields one exact diagnostic at the right line and column.
@Suite("Plan diagnostics")
struct PlanDiagnosticTests {
    /// A small valid plan; tests replace one piece of it with a mistake.
    static let valid = """
        release:
          name: svc
          version: 1.0.0
        strategy: canary
        stages:
          - name: One
            min_duration: 5m
            gate: [error_rate]
        metrics:
          - name: error_rate
            unit: "%"
            baseline: 0.4
            success: "< 1"
            alert: "> 2"
        triggers:
          - error_rate > 2% for 5m
        rollback:
          steps: [Roll back]
        """

    /// The headlines of every diagnostic for `valid` with `old` replaced by `new`.
    func headlines(replacing old: String, with new: String) -> [String] {
        #expect(Self.valid.contains(old), "the test's replacement must apply")
        let text = Self.valid.replacingOccurrences(of: old, with: new)
        return PlanLoader.check(text: text, file: "plan.yaml").report.diagnostics.map(\.description)
    }

    @Test func validPlanLoadsWithoutDiagnostics() throws {
        let plan = try PlanLoader.load(text: Self.valid, file: "plan.yaml")
        #expect(plan.stages.map(\.name) == ["One"])
        #expect(PlanLoader.check(text: Self.valid, file: "plan.yaml").report.diagnostics.isEmpty)
    }

    @Test func rendersCompilerStyleWithSourceLineCaretAndHint() {
        let text = Self.valid.replacingOccurrences(of: "  - error_rate > 2%", with: "  - eror_rate > 2%")
        #expect(throws: PlanLoadError.self) { try PlanLoader.load(text: text, file: "plan.yaml") }
        do {
            _ = try PlanLoader.load(text: text, file: "plan.yaml")
        } catch {
            #expect(error.description == """
                plan.yaml:16:5: error: unknown metric 'eror_rate' in trigger; did you mean 'error_rate'?
                  - eror_rate > 2% for 5m
                    ^
                hint: defined metrics: error_rate

                """)
        }
    }

    @Test func yamlSyntaxError() {
        let found = headlines(replacing: "  name: svc", with: "  name: svc: x")
        #expect(found == ["plan.yaml:2:12: error: invalid YAML: mapping values are not allowed in this context"])
    }

    @Test func duplicateKey() {
        #expect(headlines(replacing: "strategy: canary", with: "strategy: canary\nstrategy: canary")
                == ["plan.yaml:4:1: error: duplicate key 'strategy' in a mapping"])
    }

    @Test func unknownKeyWithSuggestion() {
        #expect(headlines(replacing: "    min_duration: 5m", with: "    min_duraton: 5m")
                == ["plan.yaml:7:5: error: unknown key 'min_duraton' in stage 1; did you mean 'min_duration'?"])
    }

    @Test func wrongType() {
        #expect(headlines(replacing: "    gate: [error_rate]", with: "    gate: {error_rate: 1}")
                == ["plan.yaml:8:11: error: expected a list for 'gate', found a mapping"])
    }

    @Test func missingRequiredKey() {
        #expect(headlines(replacing: "  version: 1.0.0\n", with: "")
                == ["plan.yaml:1:1: error: missing required key 'version' in release"])
    }

    @Test func unquotedVersionStaysText() throws {
        let plan = try PlanLoader.load(text: Self.valid.replacingOccurrences(of: "1.0.0", with: "2.10"), file: "p")
        #expect(plan.release.version == "2.10")
    }

    @Test func unknownUnit() {
        #expect(headlines(replacing: "unit: \"%\"", with: "unit: pct")
                == ["plan.yaml:11:11: error: unknown unit 'pct'"])
    }

    @Test func unknownStrategy() {
        #expect(headlines(replacing: "strategy: canary", with: "strategy: canery")
                == ["plan.yaml:4:11: error: unknown strategy 'canery'; did you mean 'canary'?"])
    }

    @Test func unknownChecklistPhase() {
        let found = headlines(replacing: "triggers:", with: "checklist:\n  pre_lanch:\n    - Tests pass\ntriggers:")
        #expect(found == ["plan.yaml:16:3: error: unknown checklist phase 'pre_lanch'; did you mean 'pre_launch'?"])
    }

    @Test func badDuration() {
        #expect(headlines(replacing: "min_duration: 5m", with: "min_duration: 5 minutes")
                == ["plan.yaml:7:19: error: expected a duration such as 30s, 5m or 1h30m, at most 30d, for 'min_duration', found '5 minutes'"])
        #expect(headlines(replacing: "min_duration: 5m", with: "min_duration: 99999999999999999999999d")
                == ["plan.yaml:7:19: error: expected a duration such as 30s, 5m or 1h30m, at most 30d, for 'min_duration', found '99999999999999999999999d'"])
    }

    @Test func badBound() {
        #expect(headlines(replacing: "success: \"< 1\"", with: "success: \"1\"")
                == ["plan.yaml:13:15: error: expected a bound such as '< 1' for 'success', found '1'"])
    }

    @Test func boundInAnotherUnit() {
        #expect(headlines(replacing: "success: \"< 1\"", with: "success: \"< 1ms\"")
                == ["plan.yaml:13:18: error: 'success' is written in ms but the metric is measured in '%'"])
    }

    @Test func boundInTheMetricsUnitIsAllowed() {
        #expect(headlines(replacing: "success: \"< 1\"", with: "success: \"< 1%\"") == [])
    }

    @Test func ruleSyntaxErrorPointsInsideTheRule() {
        #expect(headlines(replacing: "error_rate > 2% for 5m", with: "error_rate > 2% during 5m")
                == ["plan.yaml:16:21: error: invalid trigger: unexpected 'during' after the end of the rule"])
    }

    @Test func ruleSyntaxErrorInQuotedRule() {
        #expect(headlines(replacing: "- error_rate > 2% for 5m", with: "- \"error_rate > 2% for soon\"")
                == ["plan.yaml:16:26: error: invalid trigger: expected a duration such as 30s, 5m or 1h, found 'soon'"])
    }

    /// `2x other_metric` names a metric of the plan, not the rule's own.
    @Test func aRuleAgainstAnotherMetricNamesOneThatExists() {
        #expect(headlines(replacing: "error_rate > 2% for 5m", with: "error_rate > 2x eror_rate for 5m")
                == ["plan.yaml:16:21: error: unknown metric 'eror_rate' in trigger; did you mean 'error_rate'?"])
        #expect(headlines(replacing: "error_rate > 2% for 5m", with: "error_rate > 2x error_rate for 5m")
                == ["plan.yaml:16:21: error: trigger compares 'error_rate' with itself"])
        #expect(headlines(replacing: "error_rate > 2% for 5m", with: "error_rate > 2x 5 for 5m")
                == ["plan.yaml:16:21: error: invalid trigger: expected 'baseline' or a metric name after '2x', found '5'"])
    }

    @Test func gateNamesAnUndefinedMetric() {
        #expect(headlines(replacing: "gate: [error_rate]", with: "gate: [error_rate, p99]")
                == ["plan.yaml:8:24: error: unknown metric 'p99' in the gate of stage 'One'"])
    }

    @Test func triggerUnitDiffersFromMetric() {
        #expect(headlines(replacing: "error_rate > 2% for 5m", with: "error_rate > 2ms for 5m")
                == ["plan.yaml:16:19: error: trigger unit 'ms' differs from the unit of metric 'error_rate' ('%')"])
    }

    @Test func timesBaselineWithoutBaseline() {
        #expect(headlines(replacing: "    baseline: 0.4\n", with: "")
                .isEmpty)
        #expect(headlines(replacing: "error_rate > 2% for 5m", with: "error_rate > 2x baseline for 5m").isEmpty)
        let text = Self.valid.replacingOccurrences(of: "    baseline: 0.4\n", with: "")
            .replacingOccurrences(of: "error_rate > 2% for 5m", with: "error_rate > 2x baseline for 5m")
        #expect(PlanLoader.check(text: text, file: "plan.yaml").report.diagnostics.map(\.description)
                == ["plan.yaml:15:18: error: '2x baseline' needs a baseline, but metric 'error_rate' has none"])
    }

    @Test func alertOnTheSameSideAsSuccess() {
        #expect(headlines(replacing: "alert: \"> 2\"", with: "alert: \"< 2\"")
                == ["plan.yaml:14:12: error: alert '< 2%' is on the same side as success '< 1%'"])
    }

    @Test func alertOverlappingSuccess() {
        #expect(headlines(replacing: "alert: \"> 2\"", with: "alert: \"> 0.5\"")
                == ["plan.yaml:14:12: error: alert '> 0.5%' overlaps success '< 1%': a value could be both OK and alerting"])
    }

    @Test func duplicateMetric() {
        let second = "\n  - name: error_rate\n    success: \"< 1\"\n    alert: \"> 2\"\ntriggers:"
        #expect(headlines(replacing: "\ntriggers:", with: second)
                == ["plan.yaml:15:11: error: duplicate metric 'error_rate' (first at line 10)"])
    }

    @Test func duplicateStage() {
        let second = "\n  - name: One\nmetrics:"
        #expect(headlines(replacing: "\nmetrics:", with: second)
                == ["plan.yaml:9:11: error: duplicate stage 'One' (first at line 6)"])
    }

    @Test func decisionPointsOutOfOrder() {
        let points = "decision_points:\n  - at: T+1h\n    title: Later\n  - at: T+15m\n    title: Sooner\ntriggers:"
        #expect(headlines(replacing: "triggers:", with: points)
                == ["plan.yaml:18:9: error: decision point T+15m is out of order: it comes after T+1h"])
    }

    @Test func metricWithoutTriggerIsAWarningOnly() throws {
        let text = Self.valid.replacingOccurrences(of: "triggers:\n  - error_rate > 2% for 5m", with: "")
        let result = PlanLoader.check(text: text, file: "plan.yaml")
        #expect(result.plan != nil)
        #expect(result.report.diagnostics.map(\.description)
                == ["plan.yaml:10:11: warning: metric 'error_rate' has no trigger"])
        #expect(result.report.diagnostics.first?.hint
                == "add a trigger such as 'error_rate > 2% for 5m', or ignore this if the metric is only informative")
    }

    @Test func everyProblemIsReportedAtOnceInFileOrder() {
        let text = Self.valid
            .replacingOccurrences(of: "strategy: canary", with: "strategy: rolling")
            .replacingOccurrences(of: "min_duration: 5m", with: "min_duration: soon")
            .replacingOccurrences(of: "- error_rate > 2%", with: "- errors > 2%")
        let lines = PlanLoader.check(text: text, file: "plan.yaml").report.diagnostics.map(\.line)
        #expect(lines == [4, 7, 16])
    }

    @Test func checklistItemsGetPhaseIds() throws {
        let checklist = """
            checklist:
              post_launch:
                - Retro booked
              pre_launch:
                - Tests pass
                - text: Dashboards ready
                  owner: Sam
                  blocks_promotion: yes
            triggers:
            """
        let plan = try PlanLoader.load(text: Self.valid.replacingOccurrences(of: "triggers:", with: checklist), file: "p")
        #expect(plan.checklist.map(\.id) == ["pre_launch.1", "pre_launch.2", "post_launch.1"])
        #expect(plan.checklist[1] == ChecklistItem(id: "pre_launch.2", phase: .preLaunch, text: "Dashboards ready",
                                                   owner: "Sam", blocksPromotion: true))
    }

    @Test func startSourcesLogsAndRollback() throws {
        let extra = """
            release:
              start: 2026-11-22T14:00:00Z
            """
        let rest = """
            rollback:
              steps:
                - Abort: kubectl argo rollouts abort checkout
                - "Tell #releases"
                - text: Undo the config
                  command: kubectl rollout undo deploy/checkout
            sources:
              - name: app
                file: metrics.jsonl
              - name: edge
                file: /var/m.prom
                from: end
            logs:
              - name: app
                path: app.log
            triggers:
            """
        let text = Self.valid.replacingOccurrences(of: "release:", with: extra)
            .replacingOccurrences(of: "rollback:\n  steps: [Roll back]", with: "")
            .replacingOccurrences(of: "triggers:", with: rest)
        let plan = try PlanLoader.load(text: text, file: "plans/plan.yaml")
        #expect(plan.release.start?.timeIntervalSince1970 == 1_795_356_000)
        #expect(plan.rollback.steps == [RollbackStep("Abort: kubectl argo rollouts abort checkout"), RollbackStep("Tell #releases"),
                                        RollbackStep("Undo the config", command: "kubectl rollout undo deploy/checkout")])
        #expect(plan.sources == [MetricSource(name: "app", kind: .file(path: "plans/metrics.jsonl", format: .json, fromStart: true)),
                                 MetricSource(name: "edge", kind: .file(path: "/var/m.prom", format: .prometheus, fromStart: false))])
        #expect(plan.logs == [LogSpec(name: "app", path: "plans/app.log")])
    }

    @Test func missingFile() {
        let report = PlanLoader.check(path: "/nonexistent/plan.yaml").report
        #expect(report.description == "/nonexistent/plan.yaml: error: no such file\n")
    }

    @Test func suggestionsOnlyForCloseNames() {
        #expect(Suggestion.closest(to: "eror_rate", in: ["error_rate", "p99_latency"]) == "error_rate")
        #expect(Suggestion.closest(to: "cpu", in: ["error_rate", "p99_latency"]) == nil)
        #expect(Suggestion.distance("kitten", "sitting") == 3)
    }
}
