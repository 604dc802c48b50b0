import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomPlan

/// Every plan in fixtures/plans loads with no error and no warning, and `warroom validate` summarises it exactly as
/// its golden in fixtures/plans/summaries. A missing golden is written and the test fails, so every baseline is reviewed.
/// The decoded-fact tests below pin what each v2 fixture means, so a decoder regression fails here too.
@Suite("Valid plans")
struct ValidPlanTests {
    /// Secrets are checked against a fixed environment, so a variable set on this machine cannot change the outcome.
    static let environment = ["PROM_TOKEN": "set", "INCIDENT_HOOK_URL": "set", "INCIDENT_HOOK_TOKEN": "set", "PD_PAYMENTS_KEY": "set"]

    /// Every `.yaml` directly in fixtures/plans: a new plan is picked up (and its golden recorded) without editing this list.
    static var plans: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.path("fixtures/plans"))) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The relative name keeps diagnostics and goldens independent of where the repository is checked out.
    static func check(_ name: String) throws -> (plan: Plan?, report: DiagnosticReport) {
        let relative = "fixtures/plans/\(name).yaml"
        return PlanLoader.check(text: try Repository.text(relative), file: relative, environment: environment)
    }

    static func load(_ name: String) throws -> Plan {
        let result = try check(name)
        return try #require(result.plan, "\(name) did not load:\n\(result.report.description)")
    }

    static func date(_ text: String) -> Date? { ISO8601DateFormatter().date(from: text) }

    @Test func findsTheFixtures() {
        for name in ["checkout-canary", "starter", "canary-web-service", "blue-green-db-migration", "feature-flag-rollout", "hotfix"] {
            #expect(Self.plans.contains(name), "fixtures/plans/\(name).yaml is missing")
        }
    }

    @Test(arguments: plans)
    func loadsWithoutDiagnostics(_ name: String) throws {
        let result = try Self.check(name)
        #expect(result.plan != nil)
        #expect(result.report.diagnostics.isEmpty, "\(name):\n\(result.report.description)")
    }

    /// Sources and logs name files relative to the plan; the fixtures' own must exist, so `run` on them has data.
    /// (starter.yaml is the `warroom init` template: its paths name files beside the user's plan, not in fixtures/.)
    @Test(arguments: plans.filter { $0 != "starter" })
    func filesItNamesExist(_ name: String) throws {
        let plan = try Self.load(name)
        var paths = plan.logs.compactMap(\.path)
        for source in plan.sources {
            if case .file(let path, _, _) = source.kind { paths.append(path) }
        }
        for path in paths {
            #expect(path.hasPrefix("fixtures/plans/"), "\(path) was not resolved against the plan's directory")
            #expect(FileManager.default.fileExists(atPath: Repository.path(path)), "\(name) names \(path), which does not exist")
        }
    }

    @Test(arguments: plans)
    func summaryMatchesGolden(_ name: String) throws {
        let result = try Self.check(name)
        let plan = try #require(result.plan)
        let rendered = PlanSummary.render(plan, file: "fixtures/plans/\(name).yaml", warnings: result.report.warnings.count)
        // One screen: 80 columns, and 23 lines so the prompt after it still fits a 24-line terminal.
        let lines = rendered.split(separator: "\n")
        #expect(lines.count <= 23, "\(name): \(lines.count) lines")
        #expect(lines.allSatisfy { $0.count <= PlanSummary.width }, "\(name) has a line wider than 80 columns")

        let golden = Repository.path("fixtures/plans/summaries/\(name).txt")
        guard let expected = try? String(contentsOfFile: golden, encoding: .utf8) else {
            try FileManager.default.createDirectory(atPath: Repository.path("fixtures/plans/summaries"), withIntermediateDirectories: true)
            try rendered.write(toFile: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded a new golden at \(golden); review it and run the tests again")
            return
        }
        #expect(rendered == expected)
    }

    /// Between them the fixtures use every part of the v2 format, so the reference in docs/plan-format.md has a
    /// working example of each.
    @Test func togetherTheyUseEveryPartOfTheFormat() throws {
        let all = try Self.plans.map { try Self.load($0) }
        #expect(Set(all.map(\.strategy)) == Set(Strategy.allCases))
        #expect(Set(all.map(\.release.type)).isSuperset(of: [.standard, .hotfix]))
        #expect(all.contains { $0.release.timeZone != nil && $0.release.start != nil })
        #expect(all.contains { $0.release.onCallContact != nil })
        #expect(all.contains { $0.flag != nil && !$0.featureFlags.isEmpty })
        #expect(all.contains { $0.stages.contains(where: \.switchesTraffic) })

        let sources = all.flatMap(\.sources)
        #expect(sources.contains { if case .prometheus(_, .some) = $0.kind { true } else { false } })
        #expect(sources.contains { if case .command = $0.kind { true } else { false } })
        let fileFormats = Set(sources.compactMap { source -> MetricFormat? in
            if case .file(_, let format, _) = source.kind { format } else { nil }
        })
        #expect(fileFormats.isSuperset(of: [.json, .csv, .prometheus]))

        let feeds = all.flatMap(\.metrics).compactMap(\.feed)
        #expect(feeds.contains { if case .source(_, .some) = $0 { true } else { false } })
        #expect(feeds.contains { if case .prometheus = $0 { true } else { false } })
        let measures = Set(feeds.compactMap { feed -> LogDerivation.Measure? in
            if case .log(_, let derivation) = feed { derivation.measure } else { nil }
        })
        #expect(measures == [.count, .ratio])
        #expect(all.flatMap(\.logs).contains { if case .pods = $0.source { true } else { false } })
        let cohorts = Set(feeds.compactMap { feed -> Cohort? in if case .log(_, let derivation) = feed { derivation.cohort } else { nil } })
        #expect(cohorts == [.canary, .stable])

        let checks = all.flatMap(\.healthChecks)
        #expect(Set(checks.compactMap(\.kind)) == Set(HealthCheck.Kind.allCases))
        #expect(checks.contains { if case .command = $0.probe { true } else { false } })
        #expect(checks.contains { if case .http(_, _, .some, _) = $0.probe { true } else { false } })

        let triggers = all.flatMap(\.triggers)
        #expect(triggers.contains { $0.aggregate != nil })
        #expect(triggers.contains { $0.armedFor != nil })
        #expect(triggers.contains { if case .failureStreak = $0.condition { true } else { false } })
        #expect(triggers.contains { if case .threshold(let kind) = $0.condition, case .timesBaseline = kind.threshold { true } else { false } })
        #expect(triggers.contains { if case .threshold(let kind) = $0.condition, case .baselineOffset = kind.threshold { true } else { false } })

        #expect(all.contains { $0.rollback.steps.contains { $0.command != nil } })
        #expect(all.contains { !$0.rollback.owners.isEmpty && !$0.rollback.contingency.isEmpty })
        #expect(all.contains { $0.checklist.contains { $0.due != nil } })
        #expect(all.contains { $0.decisionPoints != DecisionPoint.standard })
        #expect(all.contains { !$0.communication.stakeholders.isEmpty })
        #expect(all.contains { $0.communication.sendNotifications && $0.communication.updatesFile != nil })
        let destinations = all.flatMap(\.notify).map(\.destination)
        #expect(destinations.contains { if case .slack = $0 { true } else { false } })
        #expect(destinations.contains { if case .pagerDuty(_, .some) = $0 { true } else { false } })
        #expect(destinations.contains { if case .webhook(_, .some) = $0 { true } else { false } })
        #expect(all.contains { !$0.risks.isEmpty })
        #expect(all.contains { !$0.approvals.isEmpty })
        #expect(all.contains { $0.rollout != nil })
    }

    @Test func canaryWebService() throws {
        let plan = try Self.load("canary-web-service")
        #expect(plan.strategy == .canary)
        #expect(plan.release.onCall == "Tomás Villanueva")
        #expect(plan.release.onCallContact == "PagerDuty orders-primary, +1-555-0142")
        // A local start is read in the plan's time zone: 10:00 in New York in November is 15:00 UTC.
        #expect(plan.release.timeZone == "America/New_York")
        #expect(plan.release.start == Self.date("2026-11-24T15:00:00Z"))
        #expect(plan.stages.map(\.traffic) == [1, 10, 50, 100])

        #expect(plan.source(named: "prom")?.kind
                == .prometheus(url: "https://prometheus.orders.internal.example.com", token: SecretReference(variable: "PROM_TOKEN")))
        #expect(plan.source(named: "lb")?.kind
                == .file(path: "fixtures/plans/../metrics/orders-api-lb.jsonl", format: .json, fromStart: false))
        #expect(plan.log(named: "canary")
                == LogSpec(name: "canary", path: "fixtures/plans/../logs/orders-api-canary.log", format: .json,
                           errorPattern: "panic:|upstream timed out", fromStart: false))

        #expect(plan.healthCheck(named: "ready")?.probe
                == .http(url: "http://orders-api-canary.orders.svc.cluster.local:8080/health/ready", statuses: 200...299,
                         bodyContains: nil, token: nil))
        #expect(plan.healthCheck(named: "live")?.probe
                == .http(url: "http://orders-api-canary.orders.svc.cluster.local:8080/health/live", statuses: 200...200,
                         bodyContains: #""status":"ok""#, token: nil))
        let smoke = try #require(plan.healthCheck(named: "smoke"))
        #expect(smoke.kind == .smoke)
        #expect(smoke.probe == .command("./scripts/smoke/orders.sh --target canary --read-only"))
        #expect((smoke.interval, smoke.timeout, smoke.failureThreshold) == (120, 45, 1))

        #expect(plan.metric(named: "error_rate")?.feed.map { if case .prometheus("prom", _) = $0 { true } else { false } } == true)
        #expect(plan.metric(named: "throughput")?.feed == .source("lb", series: "orders_frontend_req_rate"))
        #expect(plan.metric(named: "throughput")?.direction == .higherIsBetter)
        #expect(plan.metric(named: "log_errors")?.feed
                == .log("canary", LogDerivation(measure: .count, match: .level(.error), window: 60)))
        #expect(plan.metric(named: "upstream_timeouts")?.unit == .percent)
        #expect(plan.metric(named: "upstream_timeouts")?.feed
                == .log("canary", LogDerivation(measure: .ratio, match: .pattern("upstream timed out|context deadline exceeded"),
                                                window: 300)))

        let aggregate = try #require(plan.triggers.first { $0.text == "avg(error_rate, 10m) > 1%" })
        #expect(aggregate.aggregate == TriggerRule.Aggregate(.avg, over: 600))
        #expect(aggregate.condition == .compare(metric: "error_rate", comparison: .above, threshold: .value(1, unit: .percent), window: 0))
        let early = try #require(plan.triggers.first { $0.text == "error_rate > 3x baseline for 5m within 1h" })
        #expect(early.condition == .compare(metric: "error_rate", comparison: .above, threshold: .timesBaseline(3), window: 300))
        #expect(early.armedFor == 3600)
        let p95 = try #require(plan.triggers.first { $0.text.hasPrefix("p95(") })
        #expect(p95.aggregate == TriggerRule.Aggregate(.p95, over: 900))
        #expect(p95.armedFor == 7200)
        #expect(plan.triggers.contains { $0.condition == .consecutiveFailures(check: "health.smoke", count: 1) })

        #expect(plan.decisionPoints.map(\.id) == ["T+15m", "T+1h", "T+2h30m", "T+24h"])
        let review = try #require(plan.checklist.first { $0.id == "launch_day.4" })
        #expect(review.blocksPromotion && review.due == 3600 && review.owner == "Wen Zhou")
        #expect(plan.checklist.first { $0.id == "pre_launch.1" }?.due == -86400)
        #expect(plan.rollback.owners(of: "Canary 50%").map(\.backup) == ["Wen Zhou"])
        #expect(plan.communication.escalation.first == "Tomás Villanueva")
        #expect(plan.approvals.map(\.approved) == [true, true, false])
    }

    @Test func blueGreenDatabaseMigration() throws {
        let plan = try Self.load("blue-green-db-migration")
        #expect(plan.strategy == .blueGreen)
        // A start with its own offset is taken as written; time_zone only changes how it is shown.
        #expect(plan.release.start == Self.date("2026-12-02T05:00:00Z"))
        #expect(plan.release.timeZone == "Europe/Berlin")

        #expect(plan.stages.map(\.switchesTraffic) == [false, false, true, false])
        let cutover = try #require(plan.stages.first { $0.switchesTraffic })
        #expect(cutover.name == "Switch to green")
        #expect(cutover.traffic == nil)
        #expect(plan.stages.map(\.traffic) == [0, 0, nil, 100])

        #expect(plan.source(named: "pg")?.kind
                == .command(#"psql "service=ledger_prod_ro" -At -F ' ' -f ops/sql/ledger-release-stats.sql"#, format: .plain))
        #expect(plan.source(named: "pg").map { ($0.interval, $0.timeout) } ?? (0, 0) == (30, 10))
        #expect(plan.source(named: "green")?.kind
                == .file(path: "fixtures/plans/../metrics/billing-ledger-green.csv", format: .csv, fromStart: true))
        #expect(plan.metric(named: "replication_lag")?.unit == .seconds)
        #expect(plan.metric(named: "replication_lag")?.feed == .source("pg", series: "replica_replay_lag_seconds"))
        #expect(plan.metric(named: "lock_waits")?.unit == .count)
        #expect(plan.metric(named: "lock_waits")?.success == Bound(.atMost, 2))
        #expect(plan.triggers.contains { $0.condition == .compare(metric: "query_p95", comparison: .above,
                                                                   threshold: .timesBaseline(3), window: 900) })
        #expect(plan.triggers.contains { $0.condition == .compare(metric: "replication_lag", comparison: .above,
                                                                   threshold: .value(30, unit: .seconds), window: 120) })

        if case .http(_, let statuses, _, _) = plan.healthCheck(named: "green_ready")?.probe {
            #expect(statuses == 200...299)
        } else {
            Issue.record("green_ready is not a URL check")
        }
        if case .http(_, let statuses, _, _) = plan.healthCheck(named: "blue_live")?.probe {
            #expect(statuses == 200...204)
        } else {
            Issue.record("blue_live is not a URL check")
        }

        let steps = plan.rollback.steps
        #expect(steps.count == 7)
        #expect(steps.count { $0.command != nil } == 5)
        #expect(steps.first?.command?.contains(#""slot":"blue""#) == true)
        #expect(steps[4] == RollbackStep("Leave the expand migration in place; blue 5.3.4 ignores the new nullable columns"))
        #expect(plan.rollback.owners(of: "Expand schema").map(\.primary) == ["Marta Nowak (DBA)"])
        #expect(plan.rollback.owners(of: "Switch to green").map(\.primary) == ["Jonas Weber"])
        #expect(plan.rollback.contingency.count == 4)
        // An unquoted-looking "If …: …" line is text, label included.
        #expect(plan.rollback.contingency.allSatisfy { $0.hasPrefix("If ") && $0.contains(": ") })

        #expect(plan.checklist.filter(\.blocksPromotion).map(\.id) == ["pre_launch.4", "launch_day.1", "launch_day.2", "launch_day.3"])
        #expect(plan.decisionPoints.map(\.offset) == [1200, 3900, 5700, 20100])
        let backfill = try #require(plan.risks.first { $0.id == "R1" })
        #expect(backfill.impact == .critical && backfill.status == .mitigated)
    }

    @Test func featureFlagRollout() throws {
        let plan = try Self.load("feature-flag-rollout")
        #expect(plan.strategy == .featureFlag)
        #expect(plan.flag == "one_click_checkout")
        #expect(plan.featureFlags.map(\.name) == ["one_click_checkout", "saved_payment_tokens", "checkout_undo_banner"])
        let flag = try #require(plan.featureFlags.first { $0.name == plan.flag })
        #expect(flag.defaultOn == false)
        #expect(flag.cleanup == "2027-01-15")
        #expect(plan.featureFlags.map(\.defaultOn) == [false, true, true])
        #expect(plan.stages.map(\.traffic) == [0, 5, 25, 50, 100])
        #expect(plan.stages.map(\.minDuration) == [3600, 7200, 14400, 86400, 0])

        #expect(plan.release.start == nil)
        #expect(plan.release.onCall == "Kenji Mori (PagerDuty storefront-primary)")
        #expect(plan.release.onCallContact == nil)

        let conversion = try #require(plan.metric(named: "checkout_conversion"))
        #expect(conversion.direction == .higherIsBetter)
        #expect(conversion.baseline == 3.4)
        #expect(conversion.feed == .source("cohort", series: "conversion_pct"))
        let drop = try #require(plan.triggers.first { $0.metric == "checkout_conversion" && $0.armedFor != nil })
        #expect(drop.condition == .compare(metric: "checkout_conversion", comparison: .below,
                                           threshold: .baselineOffset(percent: -10), window: 1800))
        #expect(drop.armedFor == 28800)

        #expect(plan.source(named: "cohort")?.kind
                == .command("./scripts/flag-cohort-metrics.sh --flag one_click_checkout --window 30m", format: .json))
        #expect(plan.source(named: "cohort").map { ($0.interval, $0.timeout) } ?? (0, 0) == (300, 60))
        // Without interval and timeout a polled source asks every 15s and waits at most 5s.
        #expect(plan.source(named: "prom").map { ($0.interval, $0.timeout) } ?? (0, 0) == (15, 5))
        #expect(plan.healthChecks.isEmpty && plan.logs.isEmpty)

        #expect(plan.rollback.owners == [RollbackOwner(stages: [], primary: "Kenji Mori", backup: "Noor Haddad")])
        #expect(plan.decisionPoints.last?.id == "T+31h")
        #expect(plan.approvals.last == Approval(role: "Legal (order confirmation wording)", name: "Sofia Marchetti"))
        #expect(plan.risks.map(\.category) == [.userExperience, .dependency, .business])
    }

    @Test func hotfix() throws {
        let plan = try Self.load("hotfix")
        #expect(plan.release.type == .hotfix)
        #expect(plan.release.risk == .high)
        #expect(plan.release.start == Self.date("2026-11-19T16:30:00Z"))
        #expect(plan.release.timeZone == nil)
        #expect(plan.strategy == .bigBang)
        #expect(plan.stages == [Stage(name: "All regions", traffic: 100, minDuration: 0, gateMetrics: [])])
        #expect(plan.rollout == RolloutSpec(controller: .deployment(KubernetesObject(name: "payments-gateway", namespace: "payments",
                                                                                   context: "prod-global")),
                                            readOnly: true, poll: 2))

        #expect(plan.source(named: "recon")?.kind
                == .file(path: "fixtures/plans/../metrics/payments-recon.prom", format: .prometheus, fromStart: true))
        #expect(plan.log(named: "gateway")?.format == .logfmt)
        #expect(plan.metric(named: "duplicate_captures")?.alert == Bound(.atLeast, 1))
        #expect(plan.metric(named: "duplicate_captures")?.staleAfter == 90)
        // No `for`: the first duplicate capture fires at once.
        let duplicates = try #require(plan.triggers.first)
        #expect(duplicates.condition == .compare(metric: "duplicate_captures", comparison: .atLeast,
                                                 threshold: .value(1, unit: .count), window: 0))
        #expect(plan.triggers.contains { $0.condition == .consecutiveFailures(check: "health.ready", count: 2) })
        let ready = try #require(plan.healthCheck(named: "ready"))
        #expect((ready.interval, ready.timeout, ready.failureThreshold) == (5, 2, 2))

        #expect(plan.checklist.count == 5)
        #expect(plan.decisionPoints.map(\.id) == ["T+10m", "T+30m", "T+2h"])
        #expect(plan.communication.cadence == 900)
        #expect(plan.communication.stakeholders.isEmpty)
        #expect(plan.risks.isEmpty && plan.featureFlags.isEmpty)
        #expect(plan.rollback.owners(of: "All regions").map(\.primary) == ["Rafael Costa"])
    }

    /// The plan in the README is what people copy first: it must load as it stands.
    @Test func readmeExampleIsValid() throws {
        let readme = try Repository.text("README.md")
        let section = try #require(readme.components(separatedBy: "## The plan format").dropFirst().first)
        let yaml = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let result = PlanLoader.check(text: yaml, file: "README.md", environment: ["PROM_TOKEN": "set"])
        #expect(result.plan != nil && result.report.diagnostics.isEmpty, "\(result.report)")
        #expect(result.plan?.triggers.count == 9)
        #expect(result.plan?.rollout?.controller.kind == .argo)
        #expect(result.plan?.judgedMetrics.map(\.name) == ["p99_latency"])
        #expect(result.plan?.slos.map(\.name) == ["checkout"])
    }
}
