import Foundation

extension AppState {
    /// The notice `target` gets of `source`, in words worked out now, once, by the evaluator: a firing trigger with
    /// its value and threshold, a promotion with its stage and who, a status update's whole text.
    func notice(of source: NoticeSource, for target: NotifyTarget) -> Notice {
        let entry = source.entry
        let release = plan.release
        var details: [Notice.Detail] = [.init("release", "\(release.name) \(release.version)")]
        if let stage { details.append(.init("stage", "\(stageIndex + 1)/\(plan.stages.count) \(stage.name)")) }
        if let t0 = self.t0 { details.append(.init("since T0", DurationText.formatOffset(entry.time.timeIntervalSince(t0)))) }
        if entry.actor != "warroom" { details.append(.init("by", entry.actor)) }
        let name = "\(release.name) \(release.version)"
        var summary: String
        var body: String?
        var severity = Notice.Severity.info
        var dedupKey: String?
        switch (source.event, entry.event) {
        case (.triggerFiring, .triggerFiring(let trigger, let value)):
            summary = "\(name): rollback trigger FIRING: \(trigger) (\(valueWords(value, trigger: trigger)))"
            severity = .critical
            dedupKey = Self.dedupKey(release: release, trigger: trigger)
            details.append(.init("trigger", trigger))
            details.append(.init("value", valueWords(value, trigger: trigger)))
            body = plan.communication.escalationPath.map { "Escalate: \($0)" }
        case (.triggerResolved, .triggerResolved(let trigger, let value)):
            summary = "\(name): trigger resolved: \(trigger)" + (value.map { " (now \(valueWords($0, trigger: trigger)))" } ?? "")
            dedupKey = Self.dedupKey(release: release, trigger: trigger)
            details.append(.init("trigger", trigger))
        case (.stagePromoted, .stagePromoted(_, let to, let stageName, let override)):
            summary = "\(name): promoted to stage \(to + 1)/\(plan.stages.count) \(stageName) by \(entry.actor)"
            if let override {
                summary += " past a gate that was \(override.gate)"
                body = "Reason given: \(override.reason)" + (override.gateReasons.isEmpty ? "" : "\nGate: " + override.gateReasons.joined(separator: "; "))
                severity = .warning
            }
        case (.releaseDone, .stagePromoted(_, _, let stageName, _)):
            summary = "\(name): release done: promoted to the final stage, \(stageName)"
        case (.rollback, .rolledBack(let from, let reason)):
            let stageName = plan.stages.indices.contains(from) ? plan.stages[from].name : "stage \(from + 1)"
            summary = "\(name): ROLLED BACK from \(stageName) by \(entry.actor)" + (reason.map { ": \($0)" } ?? "")
            severity = .error
        case (.decisionRecorded, .decisionRecorded(let record)):
            let point = plan.decisionPoints.first { $0.id == record.point }?.title ?? record.point
            summary = "\(name): decision at \(point): \(record.verdict.rawValue.uppercased()) by \(entry.actor)"
            body = record.note
        case (.updatePosted, .updatePosted(let update)):
            summary = "\(name): status update from \(entry.actor)"
            body = update.text
        case (.releaseStarted, .releaseStarted(let t0)):
            summary = "\(name): release started, T0 \(Self.clockWords(t0)) UTC"
        default:
            summary = "\(name): \(source.event.words)"
        }
        let age = now.timeIntervalSince(entry.time)
        // A trigger still firing, or a rollback, is news however long ago it began.
        let stillNews = switch entry.event {
        case .triggerFiring(let trigger, _): self.triggers[trigger]?.isFiring == true
        case .rolledBack: true
        default: false
        }
        let withheld = noticesWithheld ?? (age > Self.noticeFreshness && !stillNews
            ? "it told of \(Self.clockWords(entry.time)) UTC and was queued \(DurationText.format(age)) later, "
                + "when it was no longer news (nobody was evaluating)"
            : nil)
        return Notice(source: source.key, target: target.name, event: source.event, at: entry.time, summary: summary,
                      body: body, details: details, dedupKey: dedupKey, severity: severity, withheld: withheld)
    }

    /// A trigger's value in its metric's unit: `3.2%`.
    private func valueWords(_ value: Double, trigger: String) -> String {
        guard let rule = plan.triggers.first(where: { $0.id == trigger }) else { return MetricUnit.count.format(value) }
        return (plan.metric(named: rule.metric)?.unit ?? .count).format(value)
    }

    /// The alert a trigger opens in PagerDuty, the same in every war room and across restarts: one per trigger of
    /// this release. PagerDuty takes at most 255 characters; a longer one keeps its start and a hash of the whole.
    static func dedupKey(release: ReleaseInfo, trigger: String) -> String {
        let key = "warroom/\(release.name)/\(release.version)/\(trigger)"
        guard key.utf8.count > 255 else { return key }
        let suffix = "#" + NoticeSource.fingerprint(key)
        var prefix = ""
        for character in key {
            guard prefix.utf8.count + character.utf8.count + suffix.utf8.count <= 255 else { break }
            prefix.append(character)
        }
        return prefix + suffix
    }
}
