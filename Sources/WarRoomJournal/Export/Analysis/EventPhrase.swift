import Foundation
import WarRoomCore

/// One journal entry in words, as unescaped parts with emphasis marked, so Markdown and HTML say the
/// same thing and each escapes every part its own way: "promoted to Canary 25%", "**exit 1**".
struct EventPhrase: Sendable, Hashable {
    struct Part: Sendable, Hashable {
        var text: String
        var strong: Bool
    }

    private(set) var parts: [Part] = []

    private mutating func add(_ text: String, strong: Bool = false) {
        parts.append(Part(text: text, strong: strong))
    }

    /// Borrows the report: an initializer would otherwise take (and so copy) it whole, once per timeline row.
    init(_ entry: borrowing JournalEntry, in report: borrowing PostMortem) {
        switch entry.event {
        case .sessionAttached(let pid, _, let hostName):
            add("session \(entry.session) attached (pid \(pid)\(hostName.map { " on " + $0 } ?? ""))")
        case .sessionDetached:
            add("session \(entry.session) detached")
        case .sessionGone(let session, let pid, nil):
            add("session \(session) gone without detaching (pid \(pid) no longer running, seen by \(entry.session))")
        case .sessionGone(let session, _, let silentSince?):
            add("session \(session) gone: silent since \(UTCFormat.dateTime(silentSince)) UTC (seen by \(entry.session))")
        case .evaluatorChanged(let host, _, let reason):
            add("\(entry.actor)'s war room (session \(entry.session)\(host.map { " on " + $0 } ?? "")) evaluates: \(reason)")
        case .samplesRecorded(let batch):
            add("\(batch.samples.count) samples recorded")
        case .logLines(let record):
            add("\(record.lines.count) lines of \(record.source) recorded (\(record.lineCount) read)")
        case .sourceReported(let report):
            if let failure = report.failure { add("source failing: \(report.source) — \(failure)") } else {
                add("source healthy: \(report.source)" + (report.malformedLines > 0 ? " (\(report.malformedLines) malformed lines)" : ""))
            }
        case .planAmended(let amendment):
            add("plan amended: " + amendment.changes.joined(separator: "; "))
        case .releaseStarted(let t0):
            add("release started, T0 = \(UTCFormat.dateTime(t0)) UTC")
        case .stagePromoted(_, _, let stage, nil):
            add("promoted to \(stage)")
        case .stagePromoted(_, _, let stage, let override?):
            add("promoted to \(stage) ")
            add("past gate \(override.gate)", strong: true)
            add(" (\(override.gateReasons.joined(separator: "; "))) — reason: \(override.reason)")
        case .rolledBack(let from, let reason):
            add("rolled back from \(report.plan.stageName(from))" + (reason.map { ": " + $0 } ?? ""))
        case .checklistTicked(let item):
            add("ticked '\(report.itemText(item))'")
        case .checklistUnticked(let item):
            add("unticked '\(report.itemText(item))'")
        case .decisionRecorded(let record):
            add("decision \(record.point): \(Self.verdictWord(record.verdict))" + (record.note.map { " — " + $0 } ?? ""))
        case .triggerPending(let trigger, let value):
            add("trigger pending: \(trigger) (value \(report.triggerValue(trigger, value)))")
        case .triggerFiring(let trigger, let value):
            add("trigger firing: \(trigger) (value \(report.triggerValue(trigger, value)))")
        case .triggerResolved(let trigger, let value):
            add("trigger resolved: \(trigger)" + (value.map { " (value \(report.triggerValue(trigger, $0)))" } ?? ""))
        case .triggerAcknowledged(let trigger):
            add("acknowledged trigger: \(trigger)")
        case .note(let text):
            add("note: \(text)")
        case .sourceFailed(let source, let message):
            add("source failed: \(source) — \(message)")
        case .sourceRecovered(let source):
            add("source recovered: \(source)")
        case .commandStarted(let step, let command):
            add("started rollback step \(step + 1): \(command)")
        case .commandRun(let command, let status, _, _):
            add("ran \(command): ")
            switch status {
            case 0?: add("exit 0")
            case let status?: add("exit \(status)", strong: true)
            case nil: add("did not finish", strong: true)
            }
        case .rollbackStepMarked(let step, let done):
            let steps = report.plan.rollback.steps
            let text = steps.indices.contains(step) ? ": " + steps[step].text : ""
            add(done ? "marked rollback step \(step + 1) done by hand\(text)" : "unmarked rollback step \(step + 1)\(text)")
        case .exportMade(let format, let file):
            add("exported \(format)" + (file.map { " to " + $0 } ?? ""))
        case .controllerRead(.status(let status)):
            let analysis = status.analysis.map { " · analysis \($0.phase.rawValue)" } ?? ""
            add("controller: \(status.summary)\(analysis)" + (status.message.map { " — " + $0 } ?? ""))
        case .controllerRead(.unreadable(let reason)):
            add("controller unreadable", strong: true)
            add(": " + reason)
        case .controllerActionRequested(let action):
            add("\(action.verb.rawValue) asked of the controller: \(action.command)")
        case .controllerActionStarted(let request):
            let verb = report.state.controller.actions.last { $0.request == request }.map { $0.action.verb.rawValue } ?? "action"
            add("controller \(verb) started by the evaluating war room (session \(entry.session))")
        case .controllerActionRun(let result):
            add("controller \(result.verb.rawValue): ")
            add(result.outcomeWords, strong: !result.succeeded)
        case .controllerChangeObserved(let request, let change):
            let asked = report.state.controller.actions.last { $0.request == request }
            let verb = asked.map { "\($0.action.verb.rawValue) " } ?? ""
            let after = asked.map { ", \(DurationText.format(max(0, entry.time.timeIntervalSince($0.at)))) after it was asked" } ?? ""
            add("controller \(verb)observed: \(change)\(after)")
        case .updatePosted(let update):
            add("status update posted: \(update.headline)" + (update.file.map { " (also written to \($0))" } ?? ""))
        case .noticeQueued(let notice):
            add("\(notice.event.words) notice queued for \(notice.target)")
            if let withheld = notice.withheld { add(" (\(withheld))") }
        case .noticeSending(let id, let attempt):
            // The post-mortems' timelines leave it out (`PostMortem.timeline`); the phrase is for any other list.
            let target = report.state.comms.outbox.first { $0.id == id }?.notice.target ?? id
            add("sending notice to \(target)" + (attempt > 1 ? " (attempt \(attempt))" : ""))
        case .noticeDelivered(let delivery):
            // The timeline leaves out the attempt's start, so the answer names the attempt and what the notice told.
            let notice = report.state.comms.outbox.first { $0.id == delivery.notice }?.notice
            add((notice.map { "\($0.event.words) notice to \($0.target)" } ?? "notice \(delivery.notice)")
                + (delivery.attempt > 1 ? " (attempt \(delivery.attempt))" : "") + ": ")
            add(delivery.outcome.words, strong: !delivery.outcome.isSent)
        case .judged(let judgement, let occasion):
            add("canary judge: ")
            add("\(judgement.outcome.rawValue), score \(Judgement.formatScore(judgement.score))", strong: judgement.outcome == .fail)
            add(" (\(judgement.why))" + (occasion == .changed ? "" : ", at the \(occasion.rawValue)"))
        }
    }

    static func verdictWord(_ verdict: Verdict) -> String { verdict.rawValue.uppercased() }
}
