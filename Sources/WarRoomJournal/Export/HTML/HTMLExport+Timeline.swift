import Foundation
import WarRoomCore

extension HTMLExport {
    /// Every entry, oldest first; rows are tinted by kind (and say the kind in words).
    static func timeline(_ report: PostMortem, _ html: inout HTMLWriter) {
        section("timeline", "Timeline", &html)
        defer { endSection(&html) }
        guard !report.events.isEmpty else { return paragraph("The journal is empty.", &html) }
        html.raw("<table class=\"timeline\"><thead><tr><th>T+</th><th>Time (UTC)</th><th>Actor</th><th>Kind</th>"
            + "<th>What happened</th></tr></thead>\n<tbody>\n")
        var words: [String: String] = [:]  // `trigger firing` for `trigger_firing`, worked out once per kind
        for entry in report.events {
            let kind = entry.event.kind
            if words[kind] == nil { words[kind] = kind.replacingOccurrences(of: "_", with: " ") }
            html.raw("<tr class=\"" + kind + "\"><td class=\"when\">")
            html.text(report.offset(entry.time))
            html.raw("</td><td class=\"when\">")
            html.text(UTCFormat.dateTime(entry.time))
            html.raw("</td><td>")
            html.text(entry.actor)
            html.raw("</td><td>")
            html.text(words[kind]!)
            html.raw("</td><td class=\"wrap\">")
            for part in EventPhrase(entry, in: report).parts {
                if part.strong { html.raw("<strong>") }
                html.text(part.text)
                if part.strong { html.raw("</strong>") }
            }
            html.raw("</td></tr>\n")
        }
        html.raw("</tbody></table>\n")
    }
}
