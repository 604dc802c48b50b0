import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The self-contained HTML post-mortem: golden, escaping everywhere, nothing loaded from outside.
@Suite struct HTMLExportTests {
    static let hostileNote = "<script>alert(1)</script>"
    static let hostileText = "\"><img src=x onerror=alert(1)>"

    /// The plan with the attribute-breaking text in its release, stage, checklist, rollback step and metric names.
    static var hostilePlan: Plan {
        var plan = Fixtures.plan
        plan.release.owner = hostileText
        plan.stages[1].name = "Canary 25% " + hostileText
        plan.checklist[2].text = "Status page " + hostileText
        plan.rollback.steps[1] = RollbackStep("Post in #release " + hostileText, command: "echo '" + hostileText + "'")
        plan.metrics[1].name = "p99 " + hostileText
        return plan
    }

    static var hostileEntries: [JournalEntry] {
        var entries = Fixtures.sessionWithCommand
        entries.append(JournalEntry(seq: 19, time: Fixtures.at(2300), actor: hostileText, session: "s-1",
                                    event: .note(text: hostileNote)))
        entries.append(JournalEntry(seq: 20, time: Fixtures.at(2310), actor: "sam", session: "s-1",
                                    event: .commandRun(command: hostileText, exitStatus: 1, output: "</pre>" + hostileNote + "\u{1B}[2J")))
        return entries
    }

    /// The fixture samples with p99_latency under its hostile name.
    static var hostileSamples: [SampleBucket] {
        Fixtures.samples.map { bucket in
            var bucket = bucket
            if bucket.metric == "p99_latency" { bucket.metric = "p99 " + hostileText }
            return bucket
        }
    }

    @Test func matchesGolden() throws {
        let html = HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)
        TextGolden.check(html, golden: Golden.path("postmortem.html"))
    }

    @Test func sameJournalSameBytes() {
        #expect(HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)
                == HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples))
    }

    @Test func nothingIsLoadedFromOutsideTheFile() {
        let html = HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)
        for forbidden in ["http://", "https://", "src=", "<script", "<link", "<img", "<iframe", "url(", "@import", "xlink:href"] {
            #expect(!html.lowercased().contains(forbidden), "the export contains \(forbidden)")
        }
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"))
    }

    @Test func oneChartPerMetric() {
        let html = HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
        var extra = Fixtures.samples
        extra.append(SampleBucket(metric: "health.ready", start: Fixtures.at(0), width: 10, count: 1, min: 1, max: 1, sum: 1, last: 1))
        let withHealth = HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.session, samples: extra)
        #expect(withHealth.components(separatedBy: "<svg").count - 1 == 3, "a sampled metric the plan does not name gets a chart too")
        let empty = HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.session)
        #expect(empty.components(separatedBy: "<svg").count - 1 == 2)
        #expect(empty.contains("no samples in the journal"))
    }

    @Test func chartsShowThresholdsStagesDecisionsAndTriggers() {
        let html = HTMLExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)
        #expect(html.contains(">success &lt; 1%</text>") && html.contains(">alert &gt; 2%</text>"))
        #expect(html.contains(">Canary 5%</text>") && html.contains(">after rollback</text>"))
        #expect(html.contains(">T+15m GO</text>") && html.contains(">ROLLED BACK</text>"))
        #expect(html.contains("<g class=\"pending\"><title>pending: error_rate &gt; 2% for 5m</title>"))
        #expect(html.contains("<g class=\"firing\"><title>firing: error_rate &gt; 2% for 5m</title>"))
        #expect(html.contains(">T+30m</text>") && html.contains(">T0</text>"))
        #expect(html.components(separatedBy: "class=\"pending\"").count - 1 == 1, "only error_rate's chart shows its trigger")
    }

    @Test func aFlappingTriggerIsShadedAsOnePeriodPerState() {
        var entries = Array(Fixtures.session.prefix(8))
        let rule = "error_rate > 2% for 5m"
        for flap in 0..<200 {
            let start = 1500 + Double(flap) * 3
            for (offset, event) in [(0.0, JournalEvent.triggerPending(trigger: rule, value: 2.1)),
                                    (1, .triggerFiring(trigger: rule, value: 2.2)), (2, .triggerResolved(trigger: rule, value: 1.9))] {
                entries.append(JournalEntry(seq: Int64(entries.count + 1), time: Fixtures.at(start + offset), actor: "warroom",
                                            session: "s-1", event: event))
            }
        }
        let html = HTMLExport.render(plan: Fixtures.plan, entries: entries, samples: Fixtures.samples)
        #expect(html.components(separatedBy: "<g class=\"pending\">").count - 1 == 1)
        #expect(html.components(separatedBy: "<g class=\"firing\">").count - 1 == 1)
        #expect(html.contains("<td>error_rate &gt; 2% for 5m</td>"), "the triggers table still lists every episode")
    }

    @Test func hostileNoteIsText() {
        let html = HTMLExport.render(plan: Fixtures.plan, entries: Self.hostileEntries, samples: Fixtures.samples)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("</pre><script"))
        #expect(!html.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func hostilePlanTextIsEscapedInTextAttributesAndSVG() {
        let html = HTMLExport.render(plan: Self.hostilePlan, entries: Self.hostileEntries, samples: Self.hostileSamples)
        #expect(!html.contains("<img"))
        let escaped = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        #expect(html.contains("<dd>" + escaped + "</dd>"), "the owner")
        #expect(html.contains(">Canary 25% " + escaped + "</text>"), "the stage label inside the SVG")
        #expect(html.contains("aria-label=\"Chart of p99 " + escaped + "\""), "an attribute value")
        #expect(html.contains("Status page " + escaped), "the checklist item")
        #expect(html.contains("<code>echo &#39;" + escaped + "&#39;</code>"), "the rollback command")
    }

    @Test(arguments: [
        ("<a href='x'>&</a>", "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"),
        ("\"quoted\"", "&quot;quoted&quot;"),
        ("tab\tline\nbell\u{7}\u{1B}[0m c1\u{9B} rtl\u{202E}", "tab\tline\nbell␇␛[0m c1⟨U+009B⟩ rtl⟨U+202E⟩"),
        ("café ✓ plain", "café ✓ plain"),
    ])
    func everyTextGoesThroughOneEscape(input: String, expected: String) {
        #expect(HTMLText.escape(input) == expected)
    }

    @Test func emptyJournalStillRenders() {
        let html = HTMLExport.render(plan: Fixtures.plan, entries: [])
        #expect(html.contains("The journal is empty."))
        #expect(html.contains("The release never started"))
        #expect(html.hasSuffix("</html>\n"))
    }
}
