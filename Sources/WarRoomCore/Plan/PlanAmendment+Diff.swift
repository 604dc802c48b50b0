import Foundation

extension PlanAmendment {
    /// `new` as an amendment of `current` for a release that has come as far as `progress`: the new plan with its
    /// changes in words, or the first change the journal cannot take (a reached stage removed, a ticked item gone,
    /// another release). nil when the plans are equal.
    public static func between(_ current: Plan, _ new: Plan, progress: FoldedState) -> Result<PlanAmendment?, PlanAmendmentRefusal> {
        guard current != new else { return .success(nil) }
        if let refusal = PlanAmendmentRefusal.first(current, new, progress: progress) { return .failure(refusal) }
        return .success(PlanAmendment(plan: new, changes: PlanDiff.lines(current, new)))
    }
}

/// The differences between two plans of one release, one short line each, in the plan's own notation
/// (`error_rate alert > 2% → > 2.5%`, `stage Canary 50% min duration 10m → 15m`). Nothing is silent: a part that
/// differs in a way no line spells out still gets a line saying it changed.
enum PlanDiff {
    static func lines(_ old: Plan, _ new: Plan) -> [String] {
        var lines = section("release", old.release, new.release, release(old.release, new.release))
            + field("strategy", old.strategy, new.strategy) { $0.rawValue }
            + field("flag", old.flag, new.flag) { $0 ?? none }
            + section("stages", old.stages, new.stages, stages(old.stages, new.stages))
            + section("metrics", old.metrics, new.metrics, metrics(old.metrics, new.metrics))
            + section("triggers", old.triggers, new.triggers, triggers(old.triggers, new.triggers))
            + section("health checks", old.healthChecks, new.healthChecks, healthChecks(old.healthChecks, new.healthChecks))
            + section("logs", old.logs, new.logs, logs(old.logs, new.logs))
            + section("sources", old.sources, new.sources, sources(old.sources, new.sources))
            + section("rollout", old.rollout, new.rollout, rollout(old.rollout, new.rollout))
            + rollback(old.rollback, new.rollback)
            + section("checklist", old.checklist, new.checklist, checklist(old.checklist, new.checklist))
            + section("decision points", old.decisionPoints, new.decisionPoints,
                      decisionPoints(old.decisionPoints, new.decisionPoints))
            + section("communication", old.communication, new.communication, communication(old.communication, new.communication))
            + section("notify", old.notify, new.notify, notify(old.notify, new.notify))
            + section("risks", old.risks, new.risks, risks(old.risks, new.risks))
            + section("feature flags", old.featureFlags, new.featureFlags, featureFlags(old.featureFlags, new.featureFlags))
            + section("approvals", old.approvals, new.approvals, approvals(old.approvals, new.approvals))
            + judge(old.judge, new.judge)
            + section("slos", old.slos, new.slos, slos(old.slos, new.slos))
        // A part of the plan added after this diff was written.
        if lines.isEmpty, old != new { lines = ["other settings changed"] }
        return lines
    }

    // MARK: Lines

    /// `judge window 10m → 5m`, `judge confidence 98% → 95%`: loosening the judge mid-release is said, never silent.
    static func judge(_ old: JudgeSettings, _ new: JudgeSettings) -> [String] {
        let lines = field("judge window", old.window, new.window) { DurationText.formatPlan($0) }
            + field("judge confidence", old.confidence, new.confidence, AnalysisWords.percent)
            + field("judge pass", old.pass, new.pass) { Judgement.formatScore($0) }
            + field("judge marginal", old.marginal, new.marginal) { Judgement.formatScore($0) }
            + field("judge min samples", old.minSamples, new.minSamples) { String($0) }
            + field("judge every", old.every, new.every) { DurationText.formatPlan($0) }
        return lines.isEmpty && old != new ? ["judge changed"] : lines
    }

    /// Objectives added, removed, or changed (by name).
    static func slos(_ old: [SLOSpec], _ new: [SLOSpec]) -> [String] {
        let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return old.filter { after[$0.name] == nil }.map { "slo removed: \($0.name)" }
            + new.filter { before[$0.name] == nil }.map { "slo added: \($0.name)" }
            + new.filter { before[$0.name].map { $0 != after[$0.name] } ?? false }.map { "slo changed: \($0.name)" }
    }

    static let none = "none"

    /// `subject before → after`; `subject changed` when the words for both are the same (a value past the digits
    /// shown, a part not spelled out), so a difference is never silent.
    static func field<T: Equatable>(_ subject: String, _ old: T, _ new: T, _ text: (T) -> String) -> [String] {
        guard old != new else { return [] }
        let before = text(old), after = text(new)
        return before == after ? ["\(subject) changed"] : ["\(subject) \(before) → \(after)"]
    }

    /// For what is too long or too nested to quote in one line: a command's output format, a description.
    static func changed<T: Equatable>(_ subject: String, _ old: T, _ new: T) -> [String] {
        old == new ? [] : ["\(subject) changed"]
    }

    /// The lines for one part of the plan, or `<part> changed` when it differs and they say nothing.
    static func section<T: Equatable>(_ name: String, _ old: T, _ new: T, _ lines: [String]) -> [String] {
        old != new && lines.isEmpty ? ["\(name) changed"] : lines
    }

    static func names(_ names: [String]) -> String { names.isEmpty ? none : names.joined(separator: ", ") }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    static func duration(_ seconds: TimeInterval) -> String { DurationText.formatPlan(seconds) }

    /// `T-2h`, `T+1h30m`, as plans write offsets.
    static func offset(_ seconds: TimeInterval) -> String { (seconds < 0 ? "T-" : "T+") + DurationText.formatPlan(abs(seconds)) }

    static func quoted(_ text: String) -> String { "'\(text)'" }

    // MARK: Parts

    static func release(_ old: ReleaseInfo, _ new: ReleaseInfo) -> [String] {
        field("release type", old.type, new.type) { $0.rawValue }
            + field("release risk", old.risk, new.risk) { $0?.rawValue ?? none }
            + field("owner", old.owner, new.owner) { $0.isEmpty ? none : $0 }
            + line("on-call", differs: old.onCall != new.onCall || old.onCallContact != new.onCallContact,
                   onCall(old), onCall(new))
            + field("release start", old.start, new.start) { $0.map { $0.formatted(.iso8601) } ?? "when started by hand" }
            + field("release time zone", old.timeZone, new.timeZone) { $0 ?? none }
    }

    private static func onCall(_ release: ReleaseInfo) -> String {
        release.onCallDescription.isEmpty ? none : release.onCallDescription
    }

    static func stages(_ old: [Stage], _ new: [Stage]) -> [String] {
        ListDiff(kind: "stage", key: \.name, details: stage).lines(old, new)
    }

    private static func stage(_ old: Stage, _ new: Stage) -> [String] {
        let subject = "stage \(new.name)"
        return field("\(subject) traffic", old.traffic, new.traffic) { $0.map(MetricUnit.percent.format) ?? none }
            + field("\(subject) min duration", old.minDuration, new.minDuration, duration)
            + field("\(subject) gate", old.gateMetrics, new.gateMetrics, names)
            + field("\(subject) switch", old.switchesTraffic, new.switchesTraffic, yesNo)
    }

    static func metrics(_ old: [MetricSpec], _ new: [MetricSpec]) -> [String] {
        ListDiff(kind: "metric", key: \.name, details: metric).lines(old, new)
    }

    private static func metric(_ old: MetricSpec, _ new: MetricSpec) -> [String] {
        let name = new.name
        return field("\(name) unit", old.unit, new.unit) { $0 == .count ? none : $0.rawValue }
            + changed("\(name) description", old.description, new.description)
            + field("\(name) baseline", old.baseline, new.baseline) { $0.map(new.unit.format) ?? none }
            + line("\(name) success", differs: old.success != new.success,
                   old.success.describe(unit: old.unit), new.success.describe(unit: new.unit))
            + line("\(name) alert", differs: old.alert != new.alert,
                   old.alert.describe(unit: old.unit), new.alert.describe(unit: new.unit))
            + field("\(name) stale after", old.staleAfter, new.staleAfter, duration)
            + field("\(name) reads", old.feed, new.feed, feed)
            + field("\(name) cohorts", old.cohorts, new.cohorts) { $0.map { "\($0.canary.series) vs \($0.baseline.series)" } ?? none }
            + field("\(name) judge", old.judging, new.judging, judging)
    }

    /// `increase, tolerance 10%, critical`.
    static func judging(_ judging: MetricJudging?) -> String {
        guard let judging else { return none }
        return [judging.direction.rawValue, "tolerance \(AnalysisWords.percent(judging.tolerance))",
                judging.critical ? "critical" : nil, judging.weight == 1 ? nil : "weight \(judging.weight)",
                judging.group.map { "group \($0)" }, judging.test == .auto ? nil : "test \(judging.test.rawValue)"]
            .compactMap(\.self).joined(separator: ", ")
    }

    /// `field` for a value whose words depend on more than itself (a bound and its metric's unit).
    static func line(_ subject: String, differs: Bool, _ before: String, _ after: String) -> [String] {
        guard differs else { return [] }
        return before == after ? ["\(subject) changed"] : ["\(subject) \(before) → \(after)"]
    }

    /// Where a metric's samples come from, as its plan entry says (a query is left out: it is long, and the
    /// source name tells which one).
    static func feed(_ feed: MetricFeed?) -> String {
        switch feed {
        case nil: "any source"
        case .source(let source, let series?): "source \(source) series \(series)"
        case .source(let source, nil): "source \(source)"
        case .prometheus(let source, _): "source \(source) query"
        case .log(let log, let derivation):
            "log \(log) \(derivation.measure.rawValue) \(match(derivation.match)) over \(duration(derivation.window))"
                + (derivation.cohort.map { " in the \($0.rawValue) pods" } ?? "")
        }
    }

    private static func match(_ match: LogDerivation.Match) -> String {
        switch match {
        case .level(let level): level.label.lowercased()
        case .pattern(let pattern): "/\(pattern)/"
        }
    }

    /// A rule's text is its identity, so changing its `for` or threshold removes one rule and adds another: one out
    /// and one in on the same metric and comparison read as one change.
    static func triggers(_ old: [TriggerRule], _ new: [TriggerRule]) -> [String] {
        ListDiff(kind: "trigger", key: \.text, pairing: shape,
              paired: { old, new in ["trigger changed: \(old.text) → \(new.text)"] }).lines(old, new)
    }

    private static func shape(_ rule: TriggerRule) -> String { rule.kind.shape }

    static func healthChecks(_ old: [HealthCheck], _ new: [HealthCheck]) -> [String] {
        ListDiff(kind: "health check", key: \.name, details: healthCheck).lines(old, new)
    }

    private static func healthCheck(_ old: HealthCheck, _ new: HealthCheck) -> [String] {
        let subject = "health check \(new.name)"
        return field("\(subject) kind", old.kind, new.kind) { $0?.rawValue ?? none }
            + field("\(subject) probe", old.probe, new.probe, probe)
            + field("\(subject) interval", old.interval, new.interval, duration)
            + field("\(subject) timeout", old.timeout, new.timeout, duration)
            + field("\(subject) failure threshold", old.failureThreshold, new.failureThreshold) { "\($0)" }
    }

    /// What is probed; the expected status, body and token fall back to "probe changed".
    private static func probe(_ probe: HealthCheck.Probe) -> String {
        switch probe {
        case .http(let url, _, _, _): url
        case .command(let command): "command \(command)"
        }
    }

    static func logs(_ old: [LogSpec], _ new: [LogSpec]) -> [String] {
        ListDiff(kind: "log", key: \.name, details: log).lines(old, new)
    }

    private static func log(_ old: LogSpec, _ new: LogSpec) -> [String] {
        let subject = "log \(new.name)"
        let sourceWord = old.path != nil && new.path != nil ? "path" : "source"
        return field("\(subject) \(sourceWord)", old.source, new.source) { "\($0)" }
            + field("\(subject) format", old.format, new.format) { $0.rawValue }
            + field("\(subject) errors", old.errorPattern, new.errorPattern) { $0.map { "/\($0)/" } ?? none }
            + field("\(subject) from", old.fromStart, new.fromStart) { $0 ? "start" : "end" }
            + field("\(subject) journal rate", old.journalRate, new.journalRate) { $0.map { "\($0)/s" } ?? "default" }
    }

    static func sources(_ old: [MetricSource], _ new: [MetricSource]) -> [String] {
        ListDiff(kind: "source", key: \.name, details: source).lines(old, new)
    }

    private static func source(_ old: MetricSource, _ new: MetricSource) -> [String] {
        let subject = "source \(new.name)"
        return changed(subject, old.kind, new.kind)
            + field("\(subject) interval", old.interval, new.interval, duration)
            + field("\(subject) timeout", old.timeout, new.timeout, duration)
    }

    static func rollout(_ old: RolloutSpec?, _ new: RolloutSpec?) -> [String] {
        switch (old, new) {
        case (nil, nil): []
        case (nil, let added?): ["rollout added: \(added.controller)"]
        case (let removed?, nil): ["rollout removed: \(removed.controller)"]
        case (let old?, let new?):
            // A command controller's or a Flagger canary's promote and abort are not in its words, so they fall back to
            // "changed".
            field("rollout controller", old.controller, new.controller) { "\($0)" }
                + field("rollout read-only", old.readOnly, new.readOnly, yesNo)
                + field("rollout poll", old.poll, new.poll, duration)
        }
    }

    static func rollback(_ old: RollbackPlan, _ new: RollbackPlan) -> [String] {
        changed("rollback steps", old.steps, new.steps)
            + changed("rollback owners", old.owners, new.owners)
            + changed("rollback contingency", old.contingency, new.contingency)
    }

    /// Items are identified by id (`launch_day.2`), the key ticks are journaled under.
    static func checklist(_ old: [ChecklistItem], _ new: [ChecklistItem]) -> [String] {
        ListDiff(kind: "checklist item", key: \.id, label: { "\($0.id) \(quoted($0.text))" }, details: item).lines(old, new)
    }

    private static func item(_ old: ChecklistItem, _ new: ChecklistItem) -> [String] {
        let subject = "checklist item \(new.id)"
        return field(subject, old.text, new.text, quoted)
            + field("\(subject) owner", old.owner, new.owner) { $0 ?? none }
            + field("\(subject) blocks promotion", old.blocksPromotion, new.blocksPromotion, yesNo)
            + field("\(subject) due", old.due, new.due) { $0.map(offset) ?? none }
    }

    /// A point's id is its time (`T+1h`), so a point moved in time is one out and one in with the same title.
    static func decisionPoints(_ old: [DecisionPoint], _ new: [DecisionPoint]) -> [String] {
        ListDiff(kind: "decision point", key: \.id, label: { "\($0.id) \(quoted($0.title))" }, pairing: \.title,
              paired: { old, new in ["decision point \(quoted(new.title)) \(old.id) → \(new.id)"] },
              details: { old, new in
                  field("decision point \(new.id)", old.title, new.title, quoted)
                      + field("decision point \(new.id) offset", old.offset, new.offset, offset)
              }).lines(old, new)
    }

    static func communication(_ old: Communication, _ new: Communication) -> [String] {
        field("communication channel", old.channel, new.channel) { $0 ?? none }
            + field("communication cadence", old.cadence, new.cadence) { $0.map(duration) ?? none }
            + field("escalation", old.escalation, new.escalation, names)
            + changed("stakeholders", old.stakeholders, new.stakeholders)
            + field("send notifications", old.sendNotifications, new.sendNotifications, yesNo)
            + field("updates file", old.updatesFile, new.updatesFile) { $0 ?? none }
    }

    /// Targets by name; a secret is named by its variable, the only thing a plan holds of it.
    static func notify(_ old: [NotifyTarget], _ new: [NotifyTarget]) -> [String] {
        ListDiff(kind: "notify target", key: \.name, label: { "\($0.name) (\(destination($0.destination)))" },
                 details: notifyTarget).lines(old, new)
    }

    private static func notifyTarget(_ old: NotifyTarget, _ new: NotifyTarget) -> [String] {
        let subject = "notify target \(new.name)"
        return field(subject, old.destination, new.destination, destination)
            + field("\(subject) events", old.events, new.events) { names($0.map(\.rawValue)) }
    }

    /// `Slack ${SLACK_WEBHOOK_URL}`, `PagerDuty ${PD_ROUTING_KEY} at https://events.eu.pagerduty.com`,
    /// `webhook https://hooks.example.com/warroom with secret ${HOOK_TOKEN}`.
    private static func destination(_ destination: NotifyTarget.Destination) -> String {
        switch destination {
        case .slack(let webhook): "Slack \(webhook)"
        case .pagerDuty(let routingKey, let eventsURL): "PagerDuty \(routingKey)" + (eventsURL.map { " at \($0)" } ?? "")
        case .webhook(let url, let secret):
            "webhook \(url ?? none)" + (secret.map { " with secret \($0)" } ?? "")
        }
    }

    static func risks(_ old: [Risk], _ new: [Risk]) -> [String] { ListDiff(kind: "risk", key: \.id).lines(old, new) }

    static func featureFlags(_ old: [FeatureFlag], _ new: [FeatureFlag]) -> [String] {
        ListDiff(kind: "feature flag", key: \.name).lines(old, new)
    }

    static func approvals(_ old: [Approval], _ new: [Approval]) -> [String] { ListDiff(kind: "approval", key: \.role).lines(old, new) }
}

/// The diff of a list whose entries have a key (a name, an id): what was removed, added, changed and reordered.
struct ListDiff<Element: Equatable> {
    var kind: String
    var key: (Element) -> String
    /// How an added or removed entry is named: its key, or more.
    var label: (Element) -> String
    /// For lists whose key is part of what changes (a rule's text, a point's time): one removed and one added
    /// entry alone with the same value here read as one change, in `paired`'s words.
    var pairing: ((Element) -> String)?
    var paired: (Element, Element) -> [String]
    /// The lines for an entry kept under its key but changed; none gives `<kind> <key> changed`.
    var details: (Element, Element) -> [String]

    init(kind: String, key: @escaping (Element) -> String, label: ((Element) -> String)? = nil,
         pairing: ((Element) -> String)? = nil,
         paired: @escaping (Element, Element) -> [String] = { _, _ in [] },
         details: @escaping (Element, Element) -> [String] = { _, _ in [] }) {
        self.kind = kind
        self.key = key
        self.label = label ?? key
        self.pairing = pairing
        self.paired = paired
        self.details = details
    }

    func lines(_ old: [Element], _ new: [Element]) -> [String] {
        let oldKeys = old.map(key), newKeys = new.map(key)
        let oldByKey = Dictionary(zip(oldKeys, old), uniquingKeysWith: { first, _ in first })
        let newByKey = Dictionary(zip(newKeys, new), uniquingKeysWith: { first, _ in first })
        let removed = old.filter { newByKey[key($0)] == nil }
        let added = new.filter { oldByKey[key($0)] == nil }
        let pairs = pairs(removed, added)

        var lines: [String] = []
        for entry in removed {
            if let mate = pairs[key(entry)] {
                lines += paired(entry, mate)
            } else {
                lines.append("\(kind) removed: \(label(entry))")
            }
        }
        let matched = Set(pairs.values.map(key))
        lines += added.filter { !matched.contains(key($0)) }.map { "\(kind) added: \(label($0))" }
        for (name, entry) in zip(newKeys, new) {
            guard let before = oldByKey[name], before != entry else { continue }
            let said = details(before, entry)
            lines += said.isEmpty ? ["\(kind) \(name) changed"] : said
        }
        return lines + order(oldKeys, newKeys)
    }

    /// Removed entries (by key) matched to the one added entry of their pairing value, where each side has one alone.
    private func pairs(_ removed: [Element], _ added: [Element]) -> [String: Element] {
        guard let pairing else { return [:] }
        let out = Dictionary(grouping: removed, by: pairing), into = Dictionary(grouping: added, by: pairing)
        var pairs: [String: Element] = [:]
        for (value, gone) in out {
            guard gone.count == 1, let mates = into[value], mates.count == 1 else { continue }
            pairs[key(gone[0])] = mates[0]
        }
        return pairs
    }

    /// The kept entries in another order: `stage order A, B, C → A, C, B`.
    private func order(_ oldKeys: [String], _ newKeys: [String]) -> [String] {
        let kept = Set(oldKeys).intersection(newKeys)
        let before = oldKeys.filter(kept.contains), after = newKeys.filter(kept.contains)
        return before == after ? [] : ["\(kind) order \(before.joined(separator: ", ")) → \(after.joined(separator: ", "))"]
    }
}
