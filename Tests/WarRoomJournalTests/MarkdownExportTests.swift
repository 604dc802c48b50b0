import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

@Suite struct MarkdownExportTests {
    @Test func postMortemMatchesGolden() throws {
        let markdown = MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)
        TextGolden.check(markdown, golden: Golden.path("postmortem.md"))
    }

    @Test func exportIsDeterministic() {
        #expect(MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.session)
                == MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.session))
    }

    @Test func hostileNoteIsInert() {
        var entries = Fixtures.session
        entries.append(JournalEntry(seq: 18, time: Fixtures.at(2500), actor: "mallory", session: "s-9",
                                    event: .note(text: "<script>alert(1)</script> \u{1B}[2J done | & \u{9B}x")))
        let markdown = MarkdownExport.render(plan: Fixtures.plan, entries: entries)

        // Backslash escapes, not entities: GitHub shows `<script>` as text, and a chat shows what was typed.
        let unescaped = markdown.replacingOccurrences(of: "\\<", with: "")
        #expect(!unescaped.contains("<script") && !unescaped.contains("</script"), "every tag's < is escaped")
        #expect(!markdown.contains("&lt;") && !markdown.contains("&amp;"))
        #expect(!markdown.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B })
        #expect(markdown.contains("- T+41m40s (10:41:40 UTC), mallory: \\<script>alert(1)\\</script> ␛\\[2J done | & ⟨U+009B⟩x\n"))
        #expect(markdown.contains("| note: \\<script>alert(1)\\</script> ␛\\[2J done \\| & ⟨U+009B⟩x |"), "a cell escapes its |")
    }

    /// A control looks the same on the screen (whose cells take `InertText.line`), in the Markdown and in the HTML:
    /// one function makes it visible, and each format then escapes only its own syntax, which these hold none of.
    @Test(arguments: ["nul\u{0}byte", "bell\u{07}", "del\u{7F}ete", "\u{9B}31m C1 red", "ab\u{202E}cdef\u{202C}",
                      "\u{2066}isolate\u{2069}"])
    func controlsLookTheSameInEveryOutput(text: String) {
        #expect(MarkdownText.inline(text) == InertText.line(text))
        #expect(HTMLText.escape(text) == InertText.line(text))
    }

    @Test func everyTableRowKeepsItsColumns() {
        let markdown = MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: Fixtures.samples)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.count > 20)
        for row in rows {
            // A header row fixes the column count; an unescaped `|` from untrusted text would add one.
            let pipes = row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count
            #expect([3, 5, 7].contains(pipes), "\(row)")
        }
    }

    @Test func checklistIdsAreShownWithTheirText() {
        let markdown = MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.session)
        #expect(markdown.contains("ticked 'Smoke tests passing'"))
        #expect(!markdown.contains("pre_launch.1"))
    }

    @Test func outcomeSaysHowFarTheReleaseGot() {
        let promoted = Array(Fixtures.session.prefix(8))
        #expect(MarkdownExport.render(plan: Fixtures.plan, entries: promoted)
            .contains("- **Outcome**: reached Canary 25% (stage 2 of 3)"))
        #expect(MarkdownExport.render(plan: Fixtures.plan, entries: Array(Fixtures.session.prefix(3)))
            .contains("- **Outcome**: not started"))
        #expect(MarkdownExport.render(plan: Fixtures.plan, entries: Fixtures.session)
            .contains("- **Outcome**: **rolled back** from Canary 25% at T+31m40s (10:31:40 UTC) by dana"))
    }

    @Test func emptyJournalStillRenders() {
        let markdown = MarkdownExport.render(plan: Fixtures.plan, entries: [])
        #expect(markdown.contains("The journal is empty."))
        #expect(markdown.contains("### T+15m — Initial health check: not decided"))
    }

    @Test(arguments: [
        ("a\u{0}b\u{7F}c\u{85}d\u{202E}e", "a␀b␡c d⟨U+202E⟩e"),
        ("line\nbreak\ttab", "line break tab"),
        ("[link](javascript:x) ![img](x) `code` *em* ~s~ back\\slash", "\\[link](javascript:x) !\\[img](x) \\`code\\` \\*em\\* \\~s\\~ back\\slash"),
        ("error_rate > 2% & <b>", "error_rate > 2% & \\<b>"),
        ("<http://x.io> <!-- c --> <?php a <= b < c | d", "\\<http://x.io> \\<!-- c --> \\<?php a <= b < c | d"),
        ("&lt;kept&gt; &#60; AT&T R&D;", "\\&lt;kept\\&gt; \\&#60; AT&T R\\&D;"),
        ("2 * 3 _ 4, p99_latency, _private_ __init__ a*b", "2 * 3 _ 4, p99_latency, \\_private\\_ \\_\\_init\\_\\_ a\\*b"),
        ("C:\\temp \\*not em\\* end\\", "C:\\temp \\\\\\*not em\\\\\\* end\\\\"),
        ("# > - 1. mid-line", "# > - 1. mid-line"),
        ("café ✓", "café ✓"),
    ])
    func untrustedTextIsEscaped(input: String, expected: String) {
        #expect(MarkdownText.inline(input) == expected)
    }

    @Test(arguments: [
        ("# not a heading", "\\# not a heading"), ("#hashtag", "#hashtag"), ("####### seven", "####### seven"),
        ("> quoted", "\\> quoted"), ("- item", "\\- item"), ("+ item", "\\+ item"), ("---", "\\---"),
        ("* star", "\\* star"), ("-5% drop", "-5% drop"), ("1. first", "1\\. first"), ("2024) x", "2024\\) x"),
        ("1.5 ms", "1.5 ms"), ("    code", "code"), ("", ""),
        // Spaces go before escaping: between spaces a `*` or `~~~` is inert mid-line, not once it begins the block.
        ("  * star", "\\* star"), ("  ~~~ fence", "\\~\\~\\~ fence"), ("\t- item", "\\- item"), ("\n# heading", "\\# heading"),
    ])
    func textStartingABlockCannotChangeIt(input: String, expected: String) {
        #expect(MarkdownText.blockStart(input) == expected)
    }

    /// A quote keeps a person's lines (hard breaks, paragraphs) and lets no line begin a block of its own: a heading's
    /// underline, a table, a list, a fence.
    @Test(arguments: [
        ("one\ntwo", ["> one\\", "> two"]),
        ("\n\none\n\n\n two \n\n", ["> one", ">", "> two"]),
        ("Title\n===", ["> Title\\", "> \\==="]),
        ("Title\n--", ["> Title\\", "> \\--"]),
        ("a | b\n--|--\n1 | 2", ["> a \\| b\\", "> --\\|--\\", "> 1 \\| 2"]),
        ("  * x\n  ~~~ y\n    code\n1. z", ["> \\* x\\", "> \\~\\~\\~ y\\", "> code\\", "> 1\\. z"]),
        ("ends in a backslash\\  \nnext", ["> ends in a backslash\\\\\\", "> next"]),
        ("<b>bold</b>\r\n\u{1B}[2J", ["> \\<b>bold\\</b>\\", "> ␛\\[2J"]),
        ("   \n\t\n", []),
    ])
    func aQuoteKeepsItsLinesAndStartsNoBlock(input: String, expected: [String]) {
        #expect(MarkdownText.quote(input) == expected)
    }

    @Test func aCellEscapesItsPipes() {
        #expect(MarkdownText.row(["a|b", "c"]) == "| a\\|b | c |")
    }
}
