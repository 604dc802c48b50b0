import Foundation
import WarRoomCore
import Yams

/// Walks a plan document section by section (one extension file per section) and builds a `Plan`.
///
/// Every section is read even after an error elsewhere, so one run reports every problem;
/// a plan is returned only when no error was found.
struct PlanDecoder {
    var sink: DiagnosticSink
    /// The plan file's directory; relative paths resolve against it. Empty means "as written".
    let directory: String
    /// Where `${NAME}` secrets will be read from: only to warn about unset ones, never stored.
    let environment: [String: String]
    /// Sections read first, because later ones refer to them by name.
    var sources: [NamedEntry<MetricSource>] = []
    var logs: [NamedEntry<LogSpec>] = []
    var healthChecks: [NamedEntry<HealthCheck>] = []
    /// Their names, indexed once: every metric and trigger looks one up.
    var sourceNames = KnownNames([]), logNames = KnownNames([]), checkNames = KnownNames([])
    /// Metrics counting one cohort's lines, with where `cohort:` is written: they need a controller that has cohorts.
    var cohortMetrics: [(name: String, position: Position?)] = []
    /// Health checks whose `failure_threshold` is written; the others take it from their trigger.
    var writtenThresholds: Set<String> = []
    /// How many metrics the canary judge compares (those with cohorts), and the objectives' names: the judge's and
    /// the burn rates' triggers need them.
    var judgedMetrics = 0
    var sloNames = KnownNames([])
    /// `[source: [field: metric]]`: a field that a metric reading `series:` renames reaches the journal under the
    /// metric's name, so a cohort naming that field reads the metric.
    var pendingRenames: [String: [String: String]] = [:]
    /// Where `send_notifications: true` is written, for the warning when there is nothing to send.
    var sendNotificationsMark: Position?

    static let rootKeys = ["release", "strategy", "flag", "stages", "metrics", "triggers", "health_checks", "logs", "sources",
                           "rollout", "rollback", "checklist", "decision_points", "communication", "notify", "risks",
                           "feature_flags", "approvals", "judge", "slos"]

    init(file: String, directory: String, environment: [String: String]) {
        self.sink = DiagnosticSink(file: file)
        self.directory = directory
        self.environment = environment
    }

    mutating func decode(_ root: Node) -> Plan? {
        guard let plan = MappingReader(root, name: "the plan", sink: &sink) else { return nil }
        plan.checkKeys(Self.rootKeys, sink: &sink)

        let release = plan.required("release", sink: &sink).flatMap { decodeRelease($0, at: plan.keyMark("release")) }
        let strategy = plan.required("strategy", sink: &sink).flatMap { sink.choice($0, "strategy", Strategy.self) }
        let flagNode = plan.value("flag")
        let flag = flagNode.flatMap { sink.string($0, "flag") }
        sources = plan.value("sources").map { decodeSources($0) } ?? []
        logs = plan.value("logs").map { decodeLogs($0) } ?? []
        healthChecks = plan.value("health_checks").map { decodeHealthChecks($0) } ?? []
        (sourceNames, logNames, checkNames) = (KnownNames(sources.map(\.name)), KnownNames(logs.map(\.name)),
                                               KnownNames(healthChecks.map(\.name)))
        let metrics = plan.required("metrics", sink: &sink).map { decodeMetrics($0) } ?? []
        judgedMetrics = metrics.count(where: \.judged)
        let judge = plan.value("judge").map { decodeJudge($0, at: plan.keyMark("judge")) } ?? .standard
        // Before the triggers: a burn rate names its objective.
        let slos = plan.value("slos").map { decodeSLOs($0) } ?? []
        sloNames = KnownNames(slos.map(\.name))
        let stages = plan.required("stages", sink: &sink).map { decodeStages($0, metrics: metrics) } ?? []
        if let strategy {
            checkStrategy(strategy, stages: stages, flag: flag.map { ($0, flagNode?.position) },
                          strategyPosition: plan.value("strategy")?.position)
        }
        let triggers = plan.value("triggers").map { decodeTriggers($0, metrics: metrics) } ?? []
        let rollout = plan.value("rollout").flatMap { decodeRollout($0, at: plan.keyMark("rollout")) }
        let rollback = plan.value("rollback").map {
            decodeRollback($0, at: plan.keyMark("rollback"), stages: stages.map(\.stage.name))
        } ?? RollbackPlan()
        // Warnings about what is missing wait until the errors are fixed: a broken trigger may well be
        // the one meant for a metric, and a list of omissions would bury the mistakes.
        if !sink.hasErrors {
            warnUntriggered(metrics, triggers: triggers,
                            judgeGated: stages.contains { $0.stage.gateMetrics.contains(JudgeScoreTrigger.subjectWord) })
            warnUntriggered(healthChecks, triggers: triggers)
            warnCohortsUnknown(rollout: rollout)
            if plan.value("judge") != nil { warnJudgeUnused(at: plan.keyMark("judge")) }
            if rollback.steps.isEmpty {
                sink.warning("the plan lists no rollback steps, so a fired trigger shows nothing to do", at: plan.keyMark("rollback"),
                             hint: "add rollback: steps: with what to do, first to last")
            }
        }
        let checklist = plan.value("checklist").map { decodeChecklist($0, at: plan.keyMark("checklist")) } ?? []
        let decisionPoints = plan.value("decision_points").map { decodeDecisionPoints($0) } ?? DecisionPoint.standard
        let communication = plan.value("communication").map {
            decodeCommunication($0, at: plan.keyMark("communication"))
        } ?? Communication()
        let notify = plan.value("notify").map { decodeNotify($0, sends: communication.sendNotifications) } ?? []
        if !sink.hasErrors, communication.sendNotifications, notify.isEmpty {
            sink.warning("send_notifications is true, but the plan has no notify targets to send to",
                         at: sendNotificationsMark, hint: "add notify: with a Slack, PagerDuty or webhook target, or remove send_notifications")
        }
        let risks = plan.value("risks").map { decodeRisks($0) } ?? []
        let flags = plan.value("feature_flags").map { decodeFeatureFlags($0) } ?? []
        if let flag, !flags.isEmpty {
            _ = sink.checkReference(flag, kind: "feature flag", known: KnownNames(flags.map(\.name)), at: flagNode?.textPosition,
                                    context: "'flag'")
        }
        let approvals = plan.value("approvals").map { decodeApprovals($0) } ?? []

        guard !sink.hasErrors, let release, let strategy else { return nil }
        adoptThresholds(from: triggers)
        return Plan(release: release, strategy: strategy, flag: flag, stages: stages.map(\.stage),
                    metrics: metrics.compactMap(\.spec), triggers: triggers, healthChecks: healthChecks.compactMap(\.value),
                    logs: logs.compactMap(\.value), sources: sources.compactMap(\.value), rollout: rollout, rollback: rollback,
                    checklist: checklist, decisionPoints: decisionPoints, communication: communication, notify: notify, risks: risks,
                    featureFlags: flags.compactMap(\.value), approvals: approvals, judge: judge, slos: slos.compactMap(\.value))
    }

    /// A check without a written `failure_threshold` counts as failing when its `fails N consecutive` trigger would fire.
    private mutating func adoptThresholds(from triggers: [TriggerRule]) {
        var fewest: [String: Int] = [:]
        for rule in triggers {
            guard case .failureStreak(let kind) = rule.condition else { continue }
            fewest[kind.check] = min(kind.count, fewest[kind.check] ?? kind.count)
        }
        for index in healthChecks.indices where !writtenThresholds.contains(healthChecks[index].name) {
            if let count = fewest[HealthCheck.prefix + healthChecks[index].name] { healthChecks[index].value?.failureThreshold = count }
        }
    }

    /// Reports a second use of a name that must be unique, pointing back at the first.
    mutating func checkUnique(_ name: String, kind: String, at position: Position?, seen: inout [String: Position?]) {
        if let first = seen[name] {
            let line = first.map { " (first at line \($0.line))" } ?? ""
            sink.error("duplicate \(kind) '\(name)'\(line)", at: position, hint: "each \(kind) needs its own name")
        } else {
            seen[name] = position
        }
    }
}
