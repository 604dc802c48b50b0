import Foundation
import WarRoomCore

extension MarkdownExport {
    static func timeline(_ report: PostMortem) -> [String] {
        let rows = report.entries.map { entry in
            [report.offset(entry.time), UTCFormat.dateTime(entry.time), MarkdownText.inline(entry.actor),
             describe(entry, in: report)]
        }
        guard !rows.isEmpty else { return ["## Timeline", "", "The journal is empty."] }
        return ["## Timeline", ""] + MarkdownText.table(["T+", "Time (UTC)", "Actor", "What happened"], rows)
    }

    /// One entry in words, already escaped: "ticked 'Smoke tests passing'", "promoted to Canary 25%".
    static func describe(_ entry: JournalEntry, in report: PostMortem) -> String {
        let text = MarkdownText.inline
        switch entry.event {
        case .sessionAttached(let pid):
            return "session \(text(entry.session)) attached (pid \(pid))"
        case .sessionDetached:
            return "session \(text(entry.session)) detached"
        case .releaseStarted(let t0):
            return "release started, T0 = \(UTCFormat.dateTime(t0)) UTC"
        case .stagePromoted(_, _, let stage, nil):
            return "promoted to \(text(stage))"
        case .stagePromoted(_, _, let stage, let override?):
            return "promoted to \(text(stage)) **past gate \(text(override.gate))** (\(override.gateReasons.map(text).joined(separator: "; "))) — reason: \(text(override.reason))"
        case .rolledBack(let from, let reason):
            return "rolled back from \(text(report.stageName(from)))" + (reason.map { ": " + text($0) } ?? "")
        case .checklistTicked(let item):
            return "ticked '\(text(report.itemText(item)))'"
        case .checklistUnticked(let item):
            return "unticked '\(text(report.itemText(item)))'"
        case .decisionRecorded(let record):
            return "decision \(text(record.point)): \(verdictWord(record.verdict))"
                + (record.note.map { " — " + text($0) } ?? "")
        case .triggerPending(let trigger, let value):
            return "trigger pending: \(text(trigger)) (value \(report.triggerValue(trigger, value)))"
        case .triggerFiring(let trigger, let value):
            return "trigger firing: \(text(trigger)) (value \(report.triggerValue(trigger, value)))"
        case .triggerResolved(let trigger, let value):
            return "trigger resolved: \(text(trigger))" + (value.map { " (value \(report.triggerValue(trigger, $0)))" } ?? "")
        case .triggerAcknowledged(let trigger):
            return "acknowledged trigger: \(text(trigger))"
        case .note(let note):
            return "note: \(text(note))"
        case .sourceFailed(let source, let message):
            return "source failed: \(text(source)) — \(text(message))"
        case .sourceRecovered(let source):
            return "source recovered: \(text(source))"
        case .commandRun(let command, let status, _):
            return "ran \(text(command)): " + (status.map { $0 == 0 ? "exit 0" : "**exit \($0)**" } ?? "**did not finish**")
        case .exportMade(let format, let file):
            return "exported \(text(format))" + (file.map { " to " + text($0) } ?? "")
        }
    }

    static func verdictWord(_ verdict: Verdict) -> String { verdict.rawValue.uppercased() }
}
