import Foundation
import Testing
@testable import WarRoomCore
@testable import WarRoomPlan

/// A log that follows pods (`kubectl:`) and metrics counting one cohort's lines: what they decode to, their defaults,
/// and each mistake's exact words and place. fixtures/plans/invalid/pod-logs.yaml renders every mistake at once.
@Suite("Pod logs in plans")
struct PodLogPlanTests {
    /// A plan whose lines 1–14 are fixed; `rollout`, `logs` and `metrics` follow from line 15, in that order.
    static func plan(rollout: String = "rollout:\n  argo: {name: checkout, namespace: shop}", logs: String,
                     metrics: String = "", triggers: [String] = []) -> String {
        """
        release:
          name: svc
          version: 1.0.0
        strategy: canary
        stages:
          - name: One
            min_duration: 5m
        rollback:
          steps: [Roll back]
        triggers:
          - error_rate > 2% for 5m
        \(triggers.map { "  - \($0)" }.joined(separator: "\n"))
        # line 13
        # line 14
        \(rollout)
        logs:
        \(logs)
        metrics:
          - name: error_rate
            unit: "%"
            success: "< 1"
            alert: "> 2"
        \(metrics)
        """
    }

    static func check(_ text: String) -> (plan: Plan?, report: DiagnosticReport) {
        PlanLoader.check(text: text, file: "plan.yaml")
    }

    static func diagnostics(_ text: String) -> [String] {
        check(text).report.diagnostics.map(\.description)
    }

    @Test func podsWithEveryKey() throws {
        let text = Self.plan(logs: """
              - name: api
                kubectl: {selector: "app=checkout,tier in (web)", namespace: shop, container: app, context: prod-eu}
                format: json
            """)
        let result = Self.check(text)
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        let log = try #require(result.plan?.logs.first)
        #expect(log.source == .pods(PodSelector(selector: "app=checkout,tier in (web)", namespace: "shop", container: "app",
                                                context: "prod-eu")))
        #expect(log.path == nil)
        #expect(log.format == .json)
    }

    @Test func onlyTheSelectorIsRequired() throws {
        let result = Self.check(Self.plan(logs: "  - name: api\n    kubectl:\n      selector: app=checkout"))
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        let log = try #require(result.plan?.logs.first)
        #expect(log.source == .pods(PodSelector(selector: "app=checkout", namespace: "default", container: nil, context: nil)))
        #expect(!log.fromStart)
    }

    @Test func aFileLogIsUnchanged() throws {
        let result = Self.check(Self.plan(logs: "  - name: app\n    path: /var/log/app.log"))
        #expect(try #require(result.plan?.logs.first).source == .file(path: "/var/log/app.log"))
    }

    @Test func aMissingSelectorIsNamed() {
        #expect(Self.diagnostics(Self.plan(logs: "  - name: api\n    kubectl: {namespace: shop}")) == [
            "plan.yaml:19:5: error: missing required key 'selector' in log api kubectl",
        ])
    }

    @Test func cohortMetricsDecode() throws {
        let text = Self.plan(logs: "  - name: api\n    kubectl: {selector: app=checkout}", metrics: """
              - name: canary_errors
                log: api
                count: error
                cohort: canary
                success: "< 3"
                alert: "> 10"
              - name: stable_share
                unit: "%"
                log: api
                ratio: /timeout/
                window: 5m
                cohort: stable
                success: "< 1"
                alert: "> 5"
            """, triggers: ["canary_errors > 10 for 2m", "stable_share > 5% for 2m"])
        let result = Self.check(text)
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        let plan = try #require(result.plan)
        #expect(plan.metric(named: "canary_errors")?.feed == .log("api", LogDerivation(measure: .count, match: .level(.error),
                                                                                       window: 60, cohort: .canary)))
        #expect(plan.metric(named: "stable_share")?.feed == .log("api", LogDerivation(measure: .ratio, match: .pattern("timeout"),
                                                                                      window: 300, cohort: .stable)))
        #expect(plan.derivedMetrics(ofLog: "api").map(\.name) == ["canary_errors", "stable_share"])
    }

    static let cohortMetric = """
          - name: canary_errors
            log: api
            count: error
            cohort: canary
            success: "< 3"
            alert: "> 10"
        """

    @Test func aCohortWithoutAControllerThatHasCohortsIsAWarning() {
        let logs = "  - name: api\n    kubectl: {selector: app=checkout}"
        let triggers = ["canary_errors > 10 for 2m"]
        // The cohort: key of canary_errors is on line 28.
        #expect(Self.diagnostics(Self.plan(rollout: "# no rollout\n#", logs: logs, metrics: Self.cohortMetric, triggers: triggers)) == [
            "plan.yaml:28:5: warning: metric 'canary_errors' counts one cohort's lines, but the plan names no rollout controller to tell canary pods from stable ones",
        ])
        #expect(Self.diagnostics(Self.plan(rollout: "rollout:\n  deployment: {name: checkout}", logs: logs, metrics: Self.cohortMetric,
                                           triggers: triggers)) == [
            "plan.yaml:28:5: warning: metric 'canary_errors' counts one cohort's lines, but a Deployment has no cohorts: every pod runs one version, so it stays 0",
        ])
        #expect(Self.diagnostics(Self.plan(rollout: "rollout:\n  flagger: {name: checkout}", logs: logs, metrics: Self.cohortMetric,
                                           triggers: triggers)).isEmpty)
    }

    /// The journal keeps the plan as JSON: a pods log comes back equal, and a file log is written as it always was, so
    /// a journal from before pod logs reads the same.
    @Test func roundTripsThroughTheJournalsJSON() throws {
        let text = Self.plan(logs: """
              - name: api
                kubectl: {selector: app=checkout, namespace: shop, container: app}
              - name: file
                path: /var/log/app.log
            """, metrics: Self.cohortMetric, triggers: ["canary_errors > 10 for 2m"])
        let plan = try #require(Self.check(text).plan)
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan)) == plan)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let file = String(decoding: try encoder.encode(plan.logs[1]), as: UTF8.self)
        #expect(file == #"{"format":"auto","fromStart":false,"name":"file","path":"\/var\/log\/app.log"}"#)
        let old = #"{"name":"app","path":"/var/log/app.log","format":"json","fromStart":true,"journalRate":20}"#
        #expect(try JSONDecoder().decode(LogSpec.self, from: Data(old.utf8))
            == LogSpec(name: "app", path: "/var/log/app.log", format: .json, fromStart: true, journalRate: 20))
        // A derivation without a cohort is written without one.
        let derivation = String(decoding: try encoder.encode(LogDerivation(measure: .count, match: .level(.error), window: 60)),
                                as: UTF8.self)
        #expect(!derivation.contains("cohort"))
    }

    /// An amendment names what changed about a log's source and a metric's cohort.
    @Test func amendmentsNameTheSource() throws {
        let file = LogSpec(name: "api", path: "/var/log/a.log")
        let pods = LogSpec(name: "api", source: .pods(PodSelector(selector: "app=checkout", namespace: "shop")))
        #expect(PlanDiff.logs([file], [pods]) == [
            "log api source /var/log/a.log → pods app=checkout in shop (current context)",
        ])
        #expect(PlanDiff.logs([file], [LogSpec(name: "api", path: "/var/log/b.log")]) == [
            "log api path /var/log/a.log → /var/log/b.log",
        ])
    }
}
