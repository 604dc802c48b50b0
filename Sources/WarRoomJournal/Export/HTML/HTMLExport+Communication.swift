import Foundation
import WarRoomCore

extension HTMLExport {
    /// Every status update posted, with its whole text, and every notification queued, with what it said, each
    /// attempt to send it and where it ended; a row that failed is tinted and badged. Says so when there were none.
    static func communication(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("communication", "Communication", &html)
        defer { endSection(&html) }
        let comms = report.comms
        let description = report.commsDescription
        paragraph(description.prefix(1).uppercased() + description.dropFirst() + ".", &html)
        if let cadence = report.cadenceDescription { paragraph(cadence, &html) }
        if !comms.updates.isEmpty {
            html.element("h3", "Status updates")
            html.raw("\n<ul class=\"plain updates\">\n")
            for update in comms.updates { self.update(update, report, &html) }
            html.raw("</ul>\n")
        }
        if !comms.notices.isEmpty {
            html.element("h3", "Notifications")
            html.raw("\n<table class=\"notices\"><thead><tr><th class=\"notice\">Notice</th><th class=\"said\">What it said</th><th>Attempts</th>"
                + "<th>Ended</th></tr></thead>\n<tbody>\n")
            for queued in comms.notices { notice(queued, report, &html) }
            html.raw("</tbody></table>\n")
        }
    }

    private static func update(_ update: CommsReport.Update, _ report: PostMortem, _ html: inout HTMLWriter) {
        html.raw("<li>")
        html.open("p", [("class", "quiet")])
        html.text("\(report.when(update.at)), \(update.by)")
        if let file = update.update.file {
            html.text(", also written to ")
            html.element("code", file)
        }
        if let late = update.late {
            html.raw(" ")
            badge("LATE", "warn", &html)
            html.text(" " + report.lateWords(late))
        }
        html.close("p")
        quote(update.update.text, &html)
        html.raw("</li>\n")
    }

    private static func notice(_ queued: CommsReport.Queued, _ report: PostMortem, _ html: inout HTMLWriter) {
        let notice = queued.outgoing.notice
        html.raw(queued.ending.failed ? "<tr class=\"failed\">" : "<tr>")
        html.open("td")
        html.element("strong", notice.target)
        if let service = report.service(of: notice.target) { html.text(" (\(service))") }
        html.raw("<br>")
        html.text(notice.event.words)
        html.raw("<br>")
        html.element("span", [("class", "quiet")], "queued \(report.when(queued.outgoing.queuedAt))")
        html.close("td")
        html.open("td", [("class", "wrap")])
        html.text(notice.summary)
        if report.comms.bodyIsPostedUpdate(notice) {
            html.raw("<br>")
            html.element("span", [("class", "quiet")], "With the update's whole text, as listed above.")
        } else if let body = notice.body {
            quote(body, &html)
        }
        html.close("td")
        html.open("td")
        if !queued.outgoing.attempts.isEmpty {
            html.raw("<ol class=\"plain attempts\">")
            for attempt in queued.outgoing.attempts {
                let words = report.attemptWords(attempt)
                html.raw("<li>")
                html.text(words.when + ": ")
                if words.failed { html.raw("<strong>") }
                html.text(words.outcome)
                if words.failed { html.raw("</strong>") }
                html.raw("</li>")
            }
            html.raw("</ol>")
        }
        html.close("td")
        html.open("td")
        let ending = report.endingWords(queued)
        badge(ending.word.uppercased(), tone(queued.ending.kind), &html)
        html.text(ending.rest)
        html.close("td")
        html.raw("</tr>\n")
    }

    /// Text a person wrote over several lines, kept as written (the style keeps its line breaks); nothing when blank.
    private static func quote(_ text: String, _ html: inout HTMLWriter) {
        guard !text.allSatisfy(\.isWhitespace) else { return }
        html.element("blockquote", [("class", "wrap")], text)
    }

    private static func tone(_ kind: NoticeEnding.Kind) -> String {
        switch kind {
        case .sent: "good"
        case .gaveUp, .unknown: "bad"
        case .open: "warn"
        case .notSent: "quiet"
        }
    }
}
