import Foundation

/// A release plan: everything the war room watches and every action it offers.
public struct Plan: Sendable, Codable, Hashable {
    public var release: ReleaseInfo
    public var strategy: Strategy
    /// The flag a feature-flag release turns up; its stages' traffic is the flag's percentage.
    public var flag: String?
    public var stages: [Stage]
    public var metrics: [MetricSpec]
    public var triggers: [TriggerRule]
    public var healthChecks: [HealthCheck]
    public var logs: [LogSpec]
    public var sources: [MetricSource]
    /// The rollout controller the war room watches beside the plan's stages; nil when the plan names none.
    public var rollout: RolloutSpec?
    public var rollback: RollbackPlan
    public var checklist: [ChecklistItem]
    public var decisionPoints: [DecisionPoint]
    public var communication: Communication
    /// Where notifications go (Slack, PagerDuty, webhooks), each with the events it wants.
    public var notify: [NotifyTarget]
    public var risks: [Risk]
    public var featureFlags: [FeatureFlag]
    public var approvals: [Approval]
    /// How the canary judge compares the metrics that have cohorts.
    public var judge: JudgeSettings
    /// The service level objectives whose budgets the war room watches burn.
    public var slos: [SLOSpec]

    public init(release: ReleaseInfo, strategy: Strategy, flag: String? = nil, stages: [Stage], metrics: [MetricSpec],
                triggers: [TriggerRule], healthChecks: [HealthCheck] = [], logs: [LogSpec] = [], sources: [MetricSource] = [],
                rollout: RolloutSpec? = nil, rollback: RollbackPlan = RollbackPlan(), checklist: [ChecklistItem],
                decisionPoints: [DecisionPoint] = DecisionPoint.standard, communication: Communication = Communication(),
                notify: [NotifyTarget] = [], risks: [Risk] = [], featureFlags: [FeatureFlag] = [], approvals: [Approval] = [],
                judge: JudgeSettings = .standard, slos: [SLOSpec] = []) {
        self.release = release
        self.strategy = strategy
        self.flag = flag
        self.stages = stages
        self.metrics = metrics
        self.triggers = triggers
        self.healthChecks = healthChecks
        self.logs = logs
        self.sources = sources
        self.rollout = rollout
        self.rollback = rollback
        self.checklist = checklist
        self.decisionPoints = decisionPoints
        self.communication = communication
        self.notify = notify
        self.risks = risks
        self.featureFlags = featureFlags
        self.approvals = approvals
        self.judge = judge
        self.slos = slos
    }

    public func metric(named name: String) -> MetricSpec? { metrics.first { $0.name == name } }

    public func source(named name: String) -> MetricSource? { sources.first { $0.name == name } }

    public func log(named name: String) -> LogSpec? { logs.first { $0.name == name } }

    public func healthCheck(named name: String) -> HealthCheck? { healthChecks.first { $0.name == name } }

    public func notifyTarget(named name: String) -> NotifyTarget? { notify.first { $0.name == name } }

    public func slo(named name: String) -> SLOSpec? { slos.first { $0.name == name } }

    /// The metrics the canary judge compares: those with cohorts.
    public var judgedMetrics: [MetricSpec] { metrics.filter { $0.cohorts != nil } }
}

extension Plan {
    private enum CodingKeys: String, CodingKey {
        case release, strategy, flag, stages, metrics, triggers, healthChecks, logs, sources, rollout, rollback, checklist,
             decisionPoints, communication, notify, risks, featureFlags, approvals, judge, slos
    }

    /// Plans are stored in journals; parts added to the format later decode as empty from an older journal.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func optional<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try container.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        self.init(release: try container.decode(ReleaseInfo.self, forKey: .release),
                  strategy: try container.decode(Strategy.self, forKey: .strategy),
                  flag: try container.decodeIfPresent(String.self, forKey: .flag),
                  stages: try container.decode([Stage].self, forKey: .stages),
                  metrics: try container.decode([MetricSpec].self, forKey: .metrics),
                  triggers: try optional(.triggers, []), healthChecks: try optional(.healthChecks, []),
                  logs: try optional(.logs, []), sources: try optional(.sources, []),
                  rollout: try container.decodeIfPresent(RolloutSpec.self, forKey: .rollout),
                  rollback: try optional(.rollback, RollbackPlan()), checklist: try optional(.checklist, []),
                  decisionPoints: try optional(.decisionPoints, DecisionPoint.standard),
                  communication: try optional(.communication, Communication()), notify: try optional(.notify, []),
                  risks: try optional(.risks, []),
                  featureFlags: try optional(.featureFlags, []), approvals: try optional(.approvals, []),
                  judge: try optional(.judge, .standard), slos: try optional(.slos, []))
    }
}
