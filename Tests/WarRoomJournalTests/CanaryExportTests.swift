import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The post-mortems' canary analysis: every judgement journaled, the last one's verdicts with their numbers, each
/// objective's budget and worst burn rates; the same in the Markdown, the HTML and the JSON, and nothing a metric's
/// name or a verdict's reason holds escapes the format it is written in.
@Suite struct CanaryExportTests {
    let markdown = MarkdownExport.render(plan: CanaryFixtures.plan, entries: CanaryFixtures.entries)
    let html = HTMLExport.render(plan: CanaryFixtures.plan, entries: CanaryFixtures.entries)

    /// The `canary` object of a JSON export, as `warroom export --format json` prints it.
    static func canaryLine(_ json: String) throws -> String {
        let key = "\"canary\":"
        let line = try #require(json.split(separator: "\n").first { $0.hasPrefix(key) })
        return String(line.dropFirst(key.count).dropLast())  // the line ends in the comma before "events"
    }

    @Test func markdownSectionMatchesGolden() {
        TextGolden.check(CommsExportTests.section("Canary analysis", of: markdown), golden: Golden.path("canary.md"))
    }

    @Test func htmlSectionMatchesGolden() throws {
        let start = try #require(html.range(of: "<section id=\"canary\">"))
        let end = try #require(html[start.lowerBound...].range(of: "</section>"))
        TextGolden.check(String(html[start.lowerBound..<end.upperBound]) + "\n", golden: Golden.path("canary.html"))
        #expect(html.contains("<a href=\"#canary\">Canary analysis</a>"))
    }

    @Test func jsonCanaryMatchesGoldenAndDecodes() throws {
        let json = try JSONExport.render(plan: CanaryFixtures.plan, entries: CanaryFixtures.entries, samples: [])
        TextGolden.check(InertText.json(try Self.canaryLine(json)) + "\n", golden: Golden.path("canary-canary.json"))
        let document = try ExportJSON.decoder().decode(ExportDocument.self, from: Data(json.utf8))
        let whole = ExportedCanary(PostMortem(plan: CanaryFixtures.plan, entries: CanaryFixtures.entries).canary)
        #expect(document.canary == whole, "the JSON folds only what concerns the canary, and says the same")
        #expect(document.canary?.judgements.map(\.outcome) == [.pass, .fail, .fail])
        #expect(document.canary?.judgements.map(\.occasion) == [.changed, .changed, .decision])
        #expect(document.canary?.last?.verdicts.first?.evidence?.pValue == 0.00001)
        let checkout = try #require(document.canary?.objectives.first)
        #expect(checkout.cohorts.map(\.cohort) == [.all, .canary])
        let canary = try #require(checkout.cohorts.last)
        #expect(abs((canary.worstShortRate ?? 0) - 20) < 0.01, "2% lost against a 0.1% budget")

        let ndjson = try NDJSONExport.render(plan: CanaryFixtures.plan, entries: CanaryFixtures.entries, samples: [])
        let header = try ExportJSON.decoder().decode(ExportHeader.self, from: Data(try #require(ndjson.split(separator: "\n").first).utf8))
        #expect(header.canary == whole)
    }

    @Test func theSummarySaysWhatTheJudgeSaid() {
        #expect(markdown.contains("- **Canary analysis**: 3 judgements journaled; first FAIL at T+11m00s (10:11:00 UTC); the last FAIL, score 0; "))
    }

    @Test func aReleaseWithoutACanaryHasNoSection() throws {
        let plain = MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.session)
        #expect(!plain.contains("Canary analysis"))
        let page = HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.session)
        #expect(!page.contains("Canary analysis"))
        let json = try JSONExport.render(plan: Fixtures.plan, entries: Fixtures.session, samples: [])
        #expect(!json.contains("\"canary\":"))
    }

    @Test func hostileNamesAndReasonsAreInertInMarkdown() {
        let section = CommsExportTests.section("Canary analysis", of: markdown)
        #expect(HostileText.rawControls(in: markdown).isEmpty)
        let unescaped = markdown.replacingOccurrences(of: "\\<", with: "")
        for tag in ["<script", "</script", "<img", "<svg", "</x", "<!--"] { #expect(!unescaped.contains(tag), "\(tag)") }
        #expect(section.contains("\\<script>alert(1)\\</script>␛]0;owned␇"))
    }

    @Test func hostileNamesAndReasonsAreInertInHTML() {
        #expect(HostileText.rawControls(in: html).isEmpty)
        for tag in ["<script", "<img", "<svg onload", "</x>", "<!--"] { #expect(!html.contains(tag), "\(tag)") }
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;␛]0;owned␇"))
    }

    @Test func hostileNamesAreInertInJSON() throws {
        let json = try JSONExport.render(plan: CanaryFixtures.plan, entries: CanaryFixtures.entries, samples: [])
        // C0 controls are JSON escapes already; C1 and bidi ones become escapes on the way out, as every JSON line does.
        #expect(!json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(HostileText.rawControls(in: InertText.json(json)).isEmpty)
    }
}
