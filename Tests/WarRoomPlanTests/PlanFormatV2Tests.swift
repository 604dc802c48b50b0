import Foundation
import Testing
import WarRoomCore
@testable import WarRoomPlan

/// Every v2 section decodes into the model it describes; secrets stay references; plans survive the journal's JSON.
@Suite("Plan format v2")
struct PlanFormatV2Tests {
    static let environment = ["PROM_TOKEN": "s3cr3t-value-never-shown"]

    static let text = """
        release:
          name: checkout-api
          version: 3.2.0
          type: hotfix
          risk: high
          owner: Dana Kim
          on_call:
            name: Sam Ortiz
            contact: pager +1-555-0100
          start: 2026-12-03 15:00
          time_zone: Europe/Berlin
        strategy: feature-flag
        flag: new_checkout
        stages:
          - name: Staff
            traffic: 1%
          - name: Everyone
            traffic: 100%
        sources:
          - name: prom
            prometheus: http://127.0.0.1:9090
            token: ${PROM_TOKEN}
            interval: 30s
          - name: exporter
            file: data/edge.prom
          - name: queue
            command: ./queue-depth.sh
            format: plain
            interval: 1m
            timeout: 10s
        logs:
          - name: app
            path: /var/log/app.log
            format: json
            errors: "panic|timeout"
            from: start
        health_checks:
          - name: ready
            kind: readiness
            url: http://127.0.0.1:8080/ready
          - name: deep
            url: https://checkout.example.com/health
            expect_status: 200-399
            expect_body: '"ok"'
            failure_threshold: 5
            interval: 30s
          - name: smoke
            kind: smoke
            command: ./smoke.sh
        metrics:
          - name: p99_latency
            unit: ms
            description: 99th percentile of checkout requests
            direction: lower
            source: prom
            query: histogram_quantile(0.99, sum by (le) (rate(http_duration_seconds_bucket[5m]))) * 1000
            success: "< 250"
            alert: "> 400"
          - name: edge_errors
            source: exporter
            series: edge_http_errors_total
            success: "< 10"
            alert: "> 50"
          - name: error_lines
            log: app
            count: error
            success: "< 5"
            alert: "> 20"
          - name: timeout_share
            unit: "%"
            log: app
            ratio: /timeout|refused/
            window: 5m
            success: "< 1"
            alert: "> 3"
        triggers:
          - p99_latency > 400ms for 10m
          - edge_errors > 50 for 5m
          - error_lines > 20 for 5m
          - timeout_share > 3% for 5m
          - health.ready fails 3 consecutive
          - health.deep fails 5 consecutive
          - health.smoke fails 1 consecutive
        rollback:
          steps:
            - text: Turn the flag off
              command: flagctl set new_checkout off
            - Verify: p99 back under 250ms
          owners:
            - stages: all
              primary: Sam Ortiz
            - stages: [Staff]
              primary: Dana Kim
              backup: Lee Park
          contingency:
            - If rollback fails: page the incident commander
        checklist:
          pre_launch:
            - text: Support briefed
              due: T-2h
          post_launch:
            - text: Day 1 review
              owner: Dana Kim
              due: T+1d
        communication:
          channel: "#checkout-release"
          cadence: 30m
          escalation: [Sam Ortiz, Dana Kim, VP Engineering]
          stakeholders:
            - who: Support
              method: Slack
              frequency: every phase
        risks:
          - id: R1
            risk: Gateway timeouts at peak
            category: dependency
            likelihood: medium
            impact: critical
            mitigation: Keep the old path warm
            owner: Sam Ortiz
            status: mitigated
        feature_flags:
          - name: new_checkout
            description: the new checkout flow
            default: off
            rollout: 1% → 100%
            owner: Dana Kim
            cleanup: 2027-01-31
        approvals:
          - role: Security
            name: Lin Chen
            approved: true
            date: 2026-12-01
          - role: SRE
        """

    func load() throws -> Plan {
        let result = PlanLoader.check(text: Self.text, file: "plans/v2.yaml", environment: Self.environment)
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        return try #require(result.plan)
    }

    @Test func release() throws {
        let release = try load().release
        #expect(release.type == .hotfix)
        #expect(release.risk == .high)
        #expect(release.onCall == "Sam Ortiz")
        #expect(release.onCallDescription == "Sam Ortiz (pager +1-555-0100)")
        // 15:00 in Berlin in December is 14:00 UTC.
        #expect(release.start == ISO8601DateFormatter().date(from: "2026-12-03T14:00:00Z"))
        #expect(release.timeZone == "Europe/Berlin")
    }

    @Test func sourcesLogsAndHealthChecks() throws {
        let plan = try load()
        #expect(plan.sources == [
            MetricSource(name: "prom", kind: .prometheus(url: "http://127.0.0.1:9090", token: SecretReference(variable: "PROM_TOKEN")),
                         interval: 30, timeout: 5),
            MetricSource(name: "exporter", kind: .file(path: "plans/data/edge.prom", format: .prometheus, fromStart: true)),
            MetricSource(name: "queue", kind: .command("./queue-depth.sh", format: .plain), interval: 60, timeout: 10),
        ])
        #expect(plan.logs == [LogSpec(name: "app", path: "/var/log/app.log", format: .json, errorPattern: "panic|timeout", fromStart: true)])
        #expect(plan.healthChecks == [
            HealthCheck(name: "ready", kind: .readiness,
                        probe: .http(url: "http://127.0.0.1:8080/ready", statuses: 200...299, bodyContains: nil, token: nil)),
            HealthCheck(name: "deep", probe: .http(url: "https://checkout.example.com/health", statuses: 200...399,
                                                   bodyContains: "\"ok\"", token: nil),
                        interval: 30, failureThreshold: 5),
            // No failure_threshold written: it is the count of its trigger, `fails 1 consecutive`.
            HealthCheck(name: "smoke", kind: .smoke, probe: .command("./smoke.sh"), failureThreshold: 1),
        ])
        #expect(plan.healthChecks[0].metricName == "health.ready")
    }

    @Test func metricFeeds() throws {
        let metrics = try load().metrics
        #expect(metrics.map(\.feed) == [
            .prometheus(source: "prom", query: "histogram_quantile(0.99, sum by (le) (rate(http_duration_seconds_bucket[5m]))) * 1000"),
            .source("exporter", series: "edge_http_errors_total"),
            .log("app", LogDerivation(measure: .count, match: .level(.error), window: 60)),
            .log("app", LogDerivation(measure: .ratio, match: .pattern("timeout|refused"), window: 300)),
        ])
        #expect(metrics[0].description == "99th percentile of checkout requests")
        #expect(metrics[0].direction == .lowerIsBetter)
    }

    @Test func rollbackChecklistAndRegisters() throws {
        let plan = try load()
        #expect(plan.flag == "new_checkout")
        #expect(plan.rollback.steps == [RollbackStep("Turn the flag off", command: "flagctl set new_checkout off"),
                                        RollbackStep("Verify: p99 back under 250ms")])
        #expect(plan.rollback.owners(of: "Staff").map(\.primary) == ["Dana Kim", "Sam Ortiz"])
        #expect(plan.rollback.owners(of: "Everyone").map(\.primary) == ["Sam Ortiz"])
        #expect(plan.rollback.contingency == ["If rollback fails: page the incident commander"])
        #expect(plan.checklist.map(\.due) == [-7200, 86400])
        #expect(plan.communication == Communication(channel: "#checkout-release", cadence: 1800,
                                                    escalation: ["Sam Ortiz", "Dana Kim", "VP Engineering"],
                                                    stakeholders: [Stakeholder(who: "Support", method: "Slack", frequency: "every phase")]))
        #expect(plan.risks == [Risk(id: "R1", risk: "Gateway timeouts at peak", category: .dependency, likelihood: .medium,
                                    impact: .critical, mitigation: "Keep the old path warm", owner: "Sam Ortiz", status: .mitigated)])
        #expect(plan.featureFlags == [FeatureFlag(name: "new_checkout", description: "the new checkout flow", defaultOn: false,
                                                  rollout: "1% → 100%", owner: "Dana Kim", cleanup: "2027-01-31")])
        #expect(plan.approvals == [Approval(role: "Security", name: "Lin Chen", approved: true, date: "2026-12-01"),
                                   Approval(role: "SRE")])
    }

    /// A secret is named in the plan and nowhere holds its value: not the model, its JSON (what the journal
    /// stores and exports), the summary, or any diagnostic.
    @Test func secretsAreNeverHeld() throws {
        let plan = try load()
        let json = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        let summary = PlanSummary.render(plan, file: "v2.yaml", warnings: 0)
        for text in [json, summary, "\(plan)"] {
            #expect(!text.contains("s3cr3t-value-never-shown"))
        }
        #expect(json.contains("PROM_TOKEN"))
        let unset = PlanLoader.check(text: Self.text, file: "v2.yaml", environment: [:]).report
        #expect(unset.diagnostics.map(\.description) == ["v2.yaml:22:12: warning: environment variable PROM_TOKEN is not set here"])
        #expect(SecretReference(parsing: "${PROM_TOKEN}")?.resolve(in: Self.environment) == "s3cr3t-value-never-shown")
        for literal in ["s3cr3t", "$PROM_TOKEN", "${1ABC}", "${}", "Bearer ${PROM_TOKEN}"] {
            #expect(SecretReference(parsing: literal) == nil, "\(literal)")
        }
    }

    /// The journal keeps the plan as JSON; it must come back equal, and a plan stored before v2 must still load.
    @Test func jsonRoundTripAndOlderJournals() throws {
        let plan = try load()
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan)) == plan)

        var old = try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(plan)) as? [String: Any])
        for key in ["flag", "healthChecks", "logs", "sources", "rollback", "communication", "risks", "featureFlags", "approvals"] {
            old[key] = nil
        }
        old["stages"] = (old["stages"] as? [[String: Any]])?.map { $0.filter { $0.key != "switchesTraffic" } }
        let decoded = try JSONDecoder().decode(Plan.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(decoded.stages.map(\.name) == plan.stages.map(\.name))
        #expect(decoded.rollback == RollbackPlan())
        #expect(decoded.healthChecks.isEmpty)
    }

    @Test func strategyRules() {
        func headlines(_ strategy: String, stages: String, extra: String = "") -> [String] {
            let text = """
                release: {name: svc, version: "1"}
                strategy: \(strategy)
                \(extra)
                stages:
                \(stages)
                metrics:
                  - {name: e, success: "< 1", alert: "> 2"}
                triggers: [e > 2 for 5m]
                rollback: {steps: [Roll back]}
                """
            return PlanLoader.check(text: text, file: "p.yaml", environment: [:]).report.diagnostics.map(\.description)
        }
        #expect(headlines("feature-flag", stages: "  - {name: A, traffic: 5%}")
                == ["p.yaml:2:11: error: a feature-flag release names its flag"])
        #expect(headlines("big-bang", stages: "  - {name: A}\n  - {name: B}")
                == ["p.yaml:6:12: warning: a big-bang release has one stage; this plan lists 2"])
        #expect(headlines("canary", stages: "  - {name: A, traffic: 5%}\n  - {name: B, traffic: 50%}")
                == ["p.yaml:6:24: warning: the last stage, 'B', sends 50%: the release never reaches everyone"])
        #expect(headlines("blue-green", stages: "  - {name: Green, traffic: 0%}\n  - {name: Switch, switch: true}\n  - {name: Soak, traffic: 100%}")
                .isEmpty)
        #expect(headlines("blue-green", stages: "  - {name: Green}")
                == ["p.yaml:2:11: error: a blue-green release needs one stage with 'switch: true', where traffic moves to green"])
        #expect(headlines("canary", stages: "  - {name: A, traffic: 5%}\n  - {name: B, traffic: 100%}", extra: "flag: f")
                == ["p.yaml:3:7: error: 'flag' names the flag of a feature-flag release, but this plan's strategy is canary"])
    }

    @Test func warningsWaitForErrorsToBeFixed() {
        let base = "release: {name: svc, version: \"1\"}\nstrategy: big-bang\nstages: [{name: A}]\nmetrics:\n  - {name: e, success: \"< 1\", alert: \"> 2\"}\n"
        let clean = PlanLoader.check(text: base, file: "p.yaml", environment: [:]).report
        // The file-level warning (no line to point at) comes first.
        #expect(clean.diagnostics.map(\.message) == ["the plan lists no rollback steps, so a fired trigger shows nothing to do",
                                                     "metric 'e' has no trigger"])
        let broken = PlanLoader.check(text: base + "triggers: [e > 2 for soon]\n", file: "p.yaml", environment: [:]).report
        #expect(broken.warnings.isEmpty)
        #expect(broken.errors.count == 1)
    }

    /// Plans that load, but with something a person would want pointed out.
    @Test func warningsForLikelyMistakes() throws {
        func check(_ body: String) -> (plan: Plan?, headlines: [String]) {
            let text = "release: {name: svc, version: \"1\"}\nrollback: {steps: [Roll back]}\n" + body
            let result = PlanLoader.check(text: text, file: "p.yaml", environment: [:])
            return (result.plan, result.report.diagnostics.map(\.description))
        }
        let polled = """
            strategy: big-bang
            stages: [{name: A}]
            sources: [{name: q, command: ./q.sh, format: plain, interval: 5m}]
            metrics:
              - {name: depth, source: q, success: "< 10", alert: "> 50"}
              - {name: lag, source: q, stale_after: 2m, success: "< 10", alert: "> 50"}
            triggers: [depth > 50 for 10m, lag > 50 for 10m]
            """
        let stale = check(polled)
        #expect(stale.plan?.metric(named: "depth")?.staleAfter == 600, "two missed polls, not the 2m default")
        #expect(stale.headlines == ["p.yaml:8:41: warning: metric 'lag' goes stale after 2m but its source is polled every 5m"])

        let health = """
            strategy: big-bang
            stages: [{name: A, traffic: 50%}]
            health_checks: [{name: ready, url: "http://127.0.0.1/ready", failure_threshold: 3}]
            metrics: [{name: e, success: "< 1", alert: "> 2"}]
            triggers: [e > 2 for 5m, health.ready fails 5 consecutive]
            """
        #expect(check(health).headlines == [
            "p.yaml:4:29: warning: stage 'A' sends 50%, but a big-bang release sends everything at once",
            "p.yaml:7:26: warning: trigger counts 5 failures but health check 'ready' has failure_threshold 3",
        ])

        let colon = """
            strategy: blue-green
            stages: [{name: Green, traffic: 0%}, {name: Switch, switch: on}]
            metrics: [{name: e, success: "< 1", alert: "> 2"}]
            triggers: [e > 2 for 5m]
            checklist:
              launch_day:
                - Check dashboards: latency and errors
            """
        let loaded = check(colon)
        #expect(loaded.headlines.isEmpty)
        #expect(loaded.plan?.checklist.first?.text == "Check dashboards: latency and errors")
        #expect(loaded.plan?.stages.last?.switchesTraffic == true, "'on' is a boolean, as YAML 1.1 has it")
    }
}
