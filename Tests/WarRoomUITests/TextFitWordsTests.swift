import Testing
import WarRoomUI

/// Text cut to fit ends at a word, never inside one, unless what would be dropped is a token longer than a word.
@Suite struct TextFitWordsTests {
    @Test func aCutEndsAtAWordAndDropsTheSeparatorBeforeIt() {
        #expect(Text.fitWords("OVERDUE by 3m00s · press d", 20) == "OVERDUE by 3m00s…")
        #expect(Text.fitWords("Rollback procedure tested in staging", 22) == "Rollback procedure…")
        #expect(Text.fitWords("HTTP 503, expected 200…299: draining", 16) == "HTTP 503…")
        #expect(Text.fitWords("short enough", 12) == "short enough", "what fits is untouched")
    }

    @Test func aTokenLongerThanAWordIsCutInside() {
        #expect(Text.fitWords("checkout_conversion", 11) == "checkout_c…")
        #expect(Text.fitWords("GET http://orders-api-canary.orders.svc.cluster.local:8080/health", 30)
            == "GET http://orders-api-canary.…")
    }

    @Test func styledRunsKeepTheirStylesAndTheEllipsisTakesTheLastOne() {
        let bold = Style(bold: true), dim = Style(dim: true)
        let fitted = Text.fitWords([("FIRING", bold), (" since T+21m30s  press a to ack", dim)], 28)
        #expect(fitted.map(\.0) == ["FIRING", " since T+21m30s", "…"])
        #expect(fitted.map(\.1) == [bold, dim, dim])
        #expect(Text.fitWords([("FIRING", bold), (" since", dim)], 7).map(\.0) == ["FIRING", "…"], "a cut on a run's edge")
        #expect(Text.fitWords([("FIRING", bold), (" since", dim)], 7).map(\.1) == [bold, bold])
    }
}
