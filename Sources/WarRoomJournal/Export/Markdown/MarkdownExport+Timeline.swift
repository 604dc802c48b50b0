import Foundation
import WarRoomCore

extension MarkdownExport {
    static func timeline(_ report: PostMortem) -> [String] {
        guard !report.events.isEmpty else { return ["## Timeline", "", "The journal is empty."] }
        var lines = ["## Timeline", ""] + MarkdownText.table(["T+", "Time (UTC)", "Actor", "What happened"], [])
        lines.reserveCapacity(report.events.count + lines.count)
        for entry in report.events {
            lines.append(MarkdownText.row([report.offset(entry.time), UTCFormat.dateTime(entry.time),
                                           MarkdownText.inline(entry.actor), describe(entry, in: report)]))
        }
        return lines
    }

    /// One entry in words, already escaped: "ticked 'Smoke tests passing'", "promoted to Canary 25%".
    static func describe(_ entry: JournalEntry, in report: PostMortem) -> String {
        var text = ""
        for part in EventPhrase(entry, in: report).parts {
            text += part.strong ? "**\(MarkdownText.inline(part.text))**" : MarkdownText.inline(part.text)
        }
        return text
    }
}
