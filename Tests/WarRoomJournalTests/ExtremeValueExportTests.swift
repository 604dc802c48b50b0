import Foundation
import Testing
import WarRoomCore
@testable import WarRoomJournal

/// A journal holding the widest values and the farthest dates a broken source or a damaged file could leave:
/// every export renders, with a defined text for each, and never traps.
@Suite struct ExtremeValueExportTests {
    static let values: [Double] = [1e308, -1e308, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity,
                                   -.infinity, .nan, 5e-324, -0.0, 9.3e18, -9.3e18]

    static var samples: [SampleBucket] {
        Fixtures.samples + values.enumerated().map { index, value in
            SampleBucket(metric: "error_rate", start: Fixtures.at(2500 + Double(index) * 10), width: 10, count: 2,
                         min: -value, max: value, sum: value + value, last: value)
        }
    }

    static var entries: [JournalEntry] {
        var entries = Fixtures.session
        // The journal stores finite numbers only (its coder refuses the others, and the feeds never pass them).
        for (index, value) in values.filter(\.isFinite).enumerated() {
            entries.append(JournalEntry(seq: Int64(100 + index), time: Fixtures.at(2500 + Double(index)), actor: "warroom",
                                        session: "s-1", event: .triggerFiring(trigger: "error_rate > 2% for 5m", value: value)))
        }
        for (index, far) in [1e18, -1e18, 253_402_300_800, -62_135_596_801, .greatestFiniteMagnitude].enumerated() {
            entries.append(JournalEntry(seq: Int64(200 + index), time: Date(timeIntervalSince1970: far), actor: "mallory",
                                        session: "s-9", event: .note(text: "from far away")))
        }
        return entries
    }

    @Test func everyFormatRendersTheWidestValuesAndFarthestDates() throws {
        let markdown = MarkdownExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Self.samples)
        let html = HTMLExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Self.samples)
        let json = try JSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Self.samples)
        let ndjson = try NDJSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Self.samples)
        for text in [markdown, html, json, ndjson] { #expect(!text.isEmpty) }
        #expect(markdown.contains("1e308%"), "a huge value is written in powers of ten")
        #expect(markdown.contains("out of range"), "a date no calendar holds says so")
        #expect(!html.contains("NaN\""), "no SVG coordinate is NaN")
        #expect(!html.contains("inf\""))
    }

    @Test func svgCoordinatesAreDefinedForAnyDouble() {
        #expect(SVGNumber.format(1e308) == "1000000000")
        #expect(SVGNumber.format(-1e308) == "-1000000000")
        #expect(SVGNumber.format(-.infinity) == "0")
        #expect(SVGNumber.format(12.34) == "12.3")
    }
}
