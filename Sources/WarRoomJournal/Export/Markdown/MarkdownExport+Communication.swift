import Foundation
import WarRoomCore

extension MarkdownExport {
    /// Every status update posted, with its whole text, and every notification queued, with what it said, each
    /// attempt to send it and where it ended; failures in bold. Says so when there were none, as the notes do.
    static func communication(_ report: PostMortem) -> [String] {
        let comms = report.comms
        var lines = ["## Communication", "", sentence(report.commsDescription)]
        if let cadence = report.cadenceDescription { lines += ["", cadence] }
        if !comms.updates.isEmpty {
            lines += ["", "### Status updates"]
            for update in comms.updates { lines += [""] + self.update(update, in: report) }
        }
        if !comms.notices.isEmpty {
            lines += ["", "### Notifications"]
            for queued in comms.notices { lines += [""] + notice(queued, in: report) }
        }
        return lines
    }

    /// `no status updates …` as a sentence of its own.
    private static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst() + "."
    }

    /// `- T+32m00s (10:32:00 UTC), sam — **late**: 27m00s after the update before:` and the text quoted under it.
    private static func update(_ update: CommsReport.Update, in report: PostMortem) -> [String] {
        var heading = "- \(report.when(update.at)), \(MarkdownText.inline(update.by))"
        if let file = update.update.file { heading += ", also written to \(MarkdownText.inline(file))" }
        if let late = update.late { heading += " — **late**: \(report.lateWords(late))" }
        let text = MarkdownText.quote(update.update.text)
        guard !text.isEmpty else { return [heading + " (no text)"] }
        return [heading + ":", ""] + text.map { "  " + $0 }
    }

    /// The notice's heading with where it ended, then what it said and each attempt, nested under it.
    private static func notice(_ queued: CommsReport.Queued, in report: PostMortem) -> [String] {
        let notice = queued.outgoing.notice
        let ending = report.endingWords(queued)
        var lines = ["- " + MarkdownText.blockStart(report.heading(of: notice, queuedAt: queued.outgoing.queuedAt)) + ": "
            + (queued.ending.failed ? "**\(ending.word)**" : ending.word) + MarkdownText.inline(ending.rest),
                     "", "  Said: " + MarkdownText.inline(notice.summary)]
        if report.comms.bodyIsPostedUpdate(notice) {
            lines += ["", "  With the update's whole text, as listed above."]
        } else if let body = notice.body {
            let quoted = MarkdownText.quote(body)
            if !quoted.isEmpty { lines += [""] + quoted.map { "  " + $0 } }
        }
        let attempts = queued.outgoing.attempts.map { attempt in
            let words = report.attemptWords(attempt)
            let outcome = MarkdownText.inline(words.outcome)
            return "  - \(words.when): " + (words.failed ? "**\(outcome)**" : outcome)
        }
        if !attempts.isEmpty { lines += [""] + attempts }
        return lines
    }
}
