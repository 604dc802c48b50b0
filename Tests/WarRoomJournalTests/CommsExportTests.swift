import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The post-mortems with status updates and notifications in the journal.
@Suite struct CommsExportTests {
    let markdown = MarkdownExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries)
    let html = HTMLExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries)

    /// The text of the Markdown section `title`, up to the next section.
    static func section(_ title: String, of markdown: String) -> String {
        guard let start = markdown.range(of: "\n## \(title)\n") else { return "" }
        let rest = markdown[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// The start of each attempt is left out of the timelines (its answer names the attempt); the Markdown and the
    /// HTML list the same entries.
    @Test func theTimelinesLeaveOutAttemptStarts() throws {
        let report = PostMortem(plan: CommsFixtures.plan, entries: CommsFixtures.entries)
        let starts = CommsFixtures.entries.count(where: { if case .noticeSending = $0.event { true } else { false } })
        #expect(starts == 7)
        #expect(report.events.count == CommsFixtures.entries.count - starts)
        let timeline = Self.section("Timeline", of: markdown)
        #expect(timeline.split(separator: "\n").count(where: { $0.hasPrefix("| T") }) - 1 == report.events.count, "less the header")
        let htmlTimeline = html[try #require(html.range(of: "<section id=\"timeline\">")).lowerBound...]
        #expect(htmlTimeline.components(separatedBy: "<tr class=\"").count - 1 == report.events.count)
        #expect(!markdown.contains("sending notice") && !html.contains("notice_sending"))
        #expect(timeline.contains("| warroom | update posted notice to release-channel (attempt 2): sent (HTTP 200 ok) |"))
        #expect(timeline.contains("| warroom | trigger firing notice to pager: **gave up: HTTP 400 Bad Request: Invalid routing key** |"))
    }
}
