import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The post-mortems' communication: every status update posted and every notification with its delivery, the same in
/// the Markdown, the HTML and the JSON, and nothing a status update holds escapes the format it is written in.
@Suite struct CommsExportTests {
    let markdown = MarkdownExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries)
    let html = HTMLExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries)

    /// The text of the Markdown section `title`, up to the next section.
    static func section(_ title: String, of markdown: String) -> String {
        guard let start = markdown.range(of: "\n## \(title)\n") else { return "" }
        let rest = markdown[start.upperBound...]
        return String(rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)])
    }

    /// The `communication` object of a JSON export, as `warroom export --format json` prints it.
    static func communicationLine(_ json: String) throws -> String {
        let key = "\"communication\":"
        let line = try #require(json.split(separator: "\n").first { $0.hasPrefix(key) })
        return InertText.json(String(line.dropFirst(key.count).dropLast()))  // the line ends in the comma before "events"
    }

    @Test func markdownMatchesGolden() {
        TextGolden.check(markdown, golden: Golden.path("comms.md"))
    }

    @Test func htmlMatchesGolden() {
        TextGolden.check(html, golden: Golden.path("comms.html"))
    }

    @Test func jsonCommunicationMatchesGolden() throws {
        let json = try JSONExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries, samples: [])
        TextGolden.check(try Self.communicationLine(json) + "\n", golden: Golden.path("comms-communication.json"))
    }

    /// The JSON folds only the entries that concern the communication; it says what the post-mortems' whole fold says,
    /// and the NDJSON header says the same.
    @Test func everyFormatTellsTheSameCommunication() throws {
        let json = try JSONExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries, samples: [])
        let document = try ExportJSON.decoder().decode(ExportDocument.self, from: Data(json.utf8))
        let whole = ExportedCommunication(PostMortem(plan: CommsFixtures.plan, entries: CommsFixtures.entries).comms)
        #expect(document.communication == whole)
        #expect(document.communication?.notices.map(\.ended) == [.sent, .sent, .gaveUp, .unknown, .sent, .open, .notSent])
        #expect(document.communication?.updates.map(\.late) == [nil, false, true, false], "the one before T0 is not judged")
        #expect(document.communication?.lateUpdates == 1 && document.communication?.cadence == 900)

        let ndjson = try NDJSONExport.render(plan: CommsFixtures.plan, entries: CommsFixtures.entries, samples: [])
        let header = try ExportJSON.decoder().decode(ExportHeader.self, from: Data(try #require(ndjson.split(separator: "\n").first).utf8))
        #expect(header.communication == whole)
    }

    @Test func everyPhaseEndsInItsOwnWords() {
        let section = Self.section("Communication", of: markdown)
        #expect(markdown.contains("- **Communication**: 7 notifications: 3 sent, 1 gave up, 1 unknown, 1 not sent, 1 still open; "
            + "4 status updates, 1 late\n"))
        #expect(section.hasPrefix("\n7 notifications: 3 sent, 1 gave up, 1 unknown, 1 not sent, 1 still open; 4 status updates, 1 late.\n"))
        #expect(section.contains("queued T+1s (10:00:01 UTC): sent at T+3s (10:00:03 UTC)\n"))
        #expect(section.contains("queued T+5m01s (10:05:01 UTC): sent at T+5m10s (10:05:10 UTC), on attempt 2\n"))
        #expect(section.contains("  - attempt 1 at T+5m02s (10:05:02 UTC): **failed: HTTP 503 Service Unavailable; retrying at 10:05:09 UTC**\n"))
        #expect(section.contains("- pager (PagerDuty), trigger firing, queued T+30m01s (10:30:01 UTC): **gave up** after 1 attempt\n"))
        #expect(section.contains("queued T+30m01s (10:30:01 UTC): **unknown** — check release-channel\n"))
        #expect(section.contains("**still open**: attempt 1 failed and no retry is in the journal (due at 10:40:04 UTC)\n"))
        #expect(section.contains("- audit-hook (webhook), rollback, queued T+1h03m (11:03:20 UTC): not sent: it told of 10:31:40 UTC"))
        #expect(html.contains("<span class=\"badge bad\">GAVE UP</span> after 1 attempt"))
        #expect(html.contains("<span class=\"badge bad\">UNKNOWN</span> — check release-channel"))
        #expect(html.components(separatedBy: "<tr class=\"failed\">").count - 1 == 3, "gave up, unknown and still open")
    }

    @Test func anUpdateKeepsItsLinesAndItsFile() {
        let section = Self.section("Communication", of: markdown)
        #expect(section.contains("""
            - T+5m00s (10:05:00 UTC), dana, also written to checkout-service-2.14.0-updates.md:

              > Canary at 5% since 10:00 UTC.\\
              > Error rate 0.5%, p99 210 ms: all within the plan.
              >
              > Next update by 10:20 UTC.

            """))
        #expect(html.contains("also written to <code>checkout-service-2.14.0-updates.md</code></p><blockquote class=\"wrap\">"
            + "Canary at 5% since 10:00 UTC.\nError rate 0.5%, p99 210 ms: all within the plan.\n\nNext update by 10:20 UTC.</blockquote>"))
    }

    @Test func theHostileUpdateIsInertInMarkdown() {
        let section = Self.section("Communication", of: markdown)
        #expect(HostileText.rawControls(in: markdown).isEmpty)
        let unescaped = markdown.replacingOccurrences(of: "\\<", with: "")
        for tag in ["<script", "</script", "<img", "<svg", "</x", "<!--"] { #expect(!unescaped.contains(tag), "\(tag)") }
        #expect(section.contains("  > \\<script>alert(1)\\</script>\\\n"))
        #expect(section.contains("  > \\`code\\` \\*em\\* \\[link](javascript:alert(1)) \\| cell \\|\\\n"))
        #expect(section.contains("  > ␛P+q544e␛\\\\\\\n"), "an escaped backslash, then the line break")
        #expect(section.contains("  > \\`\\`\\`\\\n  > fence\\\n"), "the fence is text")
        // Every line of a quote is inside it, so nothing the update holds can close it or start a block of its own.
        let quoted = section.split(separator: "\n").filter { $0.hasPrefix("  >") }
        #expect(quoted.count > HostileText.corpus.count)
        #expect(!section.split(separator: "\n").contains { $0.hasPrefix("```") || $0.hasPrefix("  ```") })
    }

    @Test func theHostileUpdateIsInertInHTML() {
        #expect(HostileText.rawControls(in: html).isEmpty)
        for tag in ["<script", "<img", "<svg onload", "</x>", "<!--"] { #expect(!html.contains(tag), "\(tag)") }
        #expect(html.contains("\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;img src=x onerror=alert(1)&gt;\n&quot;&gt;&lt;svg onload=alert(1)&gt;\n"))
        #expect(html.contains("<code>updates/&lt;img src=x onerror=alert(1)&gt;.md</code>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 2, "the metrics' charts, and no other")
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

    @Test func aReleaseWithoutCommunicationSaysSo() throws {
        let none = "No status updates were posted and no notifications were queued."
        let plain = MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.session)
        #expect(plain.contains("\n## Communication\n\n\(none)\n\n## Notes\n"))
        #expect(plain.contains("- **Communication**: no status updates were posted and no notifications were queued\n"))
        #expect(HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.session)
            .contains("<section id=\"communication\">\n<h2>Communication</h2>\n<p>\(none)</p>\n</section>"))
        #expect(!(try JSONExport.render(plan: Fixtures.plan, entries: Fixtures.session, samples: [])).contains("\n\"communication\":"),
                "no communication, no key")
        let header = try #require(try NDJSONExport.render(plan: Fixtures.plan, entries: Fixtures.session, samples: [])
            .split(separator: "\n").first)
        #expect(try ExportJSON.decoder().decode(ExportHeader.self, from: Data(header.utf8)).communication == nil)

        // A cadence with nothing posted is news of its own.
        var plan = Fixtures.plan
        plan.communication.cadence = 900
        #expect(MarkdownExport.render(plan: plan, entries: Fixtures.session)
            .contains("\(none)\n\nThe plan asks for a status update every 15m; none was posted from T0 on.\n"))
        #expect(MarkdownExport.render(plan: plan, entries: Array(Fixtures.session.prefix(3)))
            .contains("\(none)\n\nThe plan asks for a status update every 15m; the release never started, so none was due.\n"))
    }

    /// Late is judged on time, not journal order (entries of several war rooms interleave), from T0 on, against the
    /// plan's cadence and five minutes' grace.
    @Test func lateIsJudgedOnTimeFromT0() {
        var plan = Fixtures.plan
        plan.communication.cadence = 900
        var entries = Array(Fixtures.session.prefix(6))  // T0 at the sixth
        for (offset, session) in [(-60.0, "s-1"), (1800, "s-1"), (600, "s-2"), (3061, "s-1"), (3300, "s-1")] {
            entries.append(JournalEntry(seq: Int64(entries.count + 1), time: Fixtures.at(offset), actor: "dana", session: session,
                                        event: .updatePosted(StatusUpdate(text: "at \(offset)"))))
        }
        let comms = PostMortem(plan: plan, entries: entries).comms
        #expect(comms.updates.map(\.update.text) == ["at -60.0", "at 600.0", "at 1800.0", "at 3061.0", "at 3300.0"])
        // 10m after T0, 20m after it (not more than 15m + 5m), 21m01s after that, then 3m59s.
        #expect(comms.updates.map(\.judged) == [false, true, true, true, true])
        #expect(comms.updates.map(\.late) == [nil, nil, nil, CommsReport.Lateness(gap: 1261, since: .previousUpdate), nil])
        let first = PostMortem(plan: plan, entries: Array(Fixtures.session.prefix(6)) + [
            JournalEntry(seq: 7, time: Fixtures.at(1201), actor: "dana", session: "s-1", event: .updatePosted(StatusUpdate(text: "late")))])
        #expect(first.comms.updates.first?.late == CommsReport.Lateness(gap: 1201, since: .t0))
        #expect(first.cadenceDescription == "The plan asks for a status update every 15m: the one update posted from T0 on came late "
            + "(late: more than 20m after the update before it, or after T0 for the first).")
    }

    /// The fold keeps the newest 50 updates for the screen; the post-mortem reads them all from the entries.
    @Test func everyUpdateIsListedBeyondWhatTheFoldKeeps() {
        var entries = Array(Fixtures.session.prefix(6))
        for index in 1...60 {
            entries.append(JournalEntry(seq: Int64(entries.count + 1), time: Fixtures.at(Double(index) * 60), actor: "sam",
                                        session: "s-1", event: .updatePosted(StatusUpdate(text: "update \(index)"))))
        }
        let report = PostMortem(plan: Fixtures.plan, entries: entries)
        #expect(report.state.comms.updates.count == AppState.updateCapacity)
        #expect(report.comms.updates.count == 60)
        let text = MarkdownExport.render(report)
        #expect((1...60).allSatisfy { text.contains("  > update \($0)\n") })
        #expect(text.contains("- **Communication**: no notifications; 60 status updates\n"))
    }

    /// Through a real journal, and a copy of it: the payloads decode as written, and the copy keeps every notice's id,
    /// so its attempts and answers still find their notice and the copy's post-mortem is the same.
    @Test func aJournalAndItsCopyExportTheSameCommunication() throws {
        let directory = TemporaryDirectory("comms")
        let source = try Journal.open(path: directory.file("source.sqlite"), plan: CommsFixtures.plan)
        try source.append(contentsOf: CommsFixtures.entries.map { var entry = $0; entry.seq = 0; return entry })
        let copy = try Journal.open(path: directory.file("copy.sqlite"), plan: try source.storedPlan())
        _ = try JournalCopy(from: source, to: copy).run()

        let golden = try String(contentsOfFile: Golden.path("comms-communication.json"), encoding: .utf8)
        for journal in [source, copy] {
            #expect(try ExportFormat.markdown.render(journal) == markdown)
            #expect(try Self.communicationLine(try ExportFormat.json.render(journal)) + "\n" == golden)
        }
        var folded = AppState(plan: CommsFixtures.plan, session: "test", now: Fixtures.at(0))
        folded.resume(from: try copy.entries())
        #expect(folded.comms.outbox.map(\.id) == CommsFixtures.entries.compactMap {
            if case .noticeQueued(let notice) = $0.event { notice.id } else { nil }
        })
    }

    /// The payloads of the four kinds, byte for byte as docs/journal-schema.md shows them.
    @Test func thePayloadsAreTheDocumentedOnes() throws {
        let firing = CommsFixtures.firing
        let id = CommsFixtures.id(1800, .triggerFiring, firing, to: "pager")
        let update = StatusUpdate(text: "Canary at 5% since 10:00 UTC.\nNext update by 10:20 UTC.", file: "checkout-service-2.14.0-updates.md")
        #expect(try JournalJSON.encode(JournalEvent.updatePosted(update)) == #"{"updatePosted":{"_0":{"file":"checkout-service-2.14.0-updates.md","#
            + #""text":"Canary at 5% since 10:00 UTC.\nNext update by 10:20 UTC."}}}"#)
        let notice = Notice(source: CommsFixtures.source(1800, .triggerFiring, firing), target: "pager", event: .triggerFiring,
                            at: Fixtures.at(1800), summary: "checkout-service 2.14.0: rollback trigger FIRING: \(firing) (3.1%)",
                            body: "Escalate: on-call → Priya Raman",
                            details: [.init("release", "checkout-service 2.14.0"), .init("trigger", firing)],
                            dedupKey: "warroom/checkout-service/2.14.0/\(firing)", severity: .critical)
        #expect(notice.id == id)
        #expect(try JournalJSON.encode(JournalEvent.noticeQueued(notice)) == #"{"noticeQueued":{"_0":{"at":1741084200,"#
            + #""body":"Escalate: on-call → Priya Raman","dedupKey":"warroom/checkout-service/2.14.0/error_rate > 2% for 5m","#
            + #""details":[{"name":"release","value":"checkout-service 2.14.0"},{"name":"trigger","value":"error_rate > 2% for 5m"}],"#
            + #""event":"trigger_firing","id":"s-1/1741084200000/trigger_firing/error_rate > 2% for 5m>pager","severity":"critical","#
            + #""source":"s-1/1741084200000/trigger_firing/error_rate > 2% for 5m","#
            + #""summary":"checkout-service 2.14.0: rollback trigger FIRING: error_rate > 2% for 5m (3.1%)","target":"pager"}}}"#)
        #expect(try JournalJSON.encode(JournalEvent.noticeSending(notice: id, attempt: 1))
            == #"{"noticeSending":{"attempt":1,"notice":"s-1/1741084200000/trigger_firing/error_rate > 2% for 5m>pager"}}"#)
        #expect(try JournalJSON.encode(CommsFixtures.delivered(id, 1, .failed(reason: "HTTP 503 Service Unavailable", retryAt: Fixtures.at(1815))))
            == #"{"noticeDelivered":{"_0":{"attempt":1,"notice":"s-1/1741084200000/trigger_firing/error_rate > 2% for 5m>pager","#
            + #""outcome":{"failed":{"reason":"HTTP 503 Service Unavailable","retryAt":1741084215}}}}}"#)
    }
}
