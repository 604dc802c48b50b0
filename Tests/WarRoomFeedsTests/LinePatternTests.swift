import Foundation
import Testing
@testable import WarRoomFeeds

@Suite struct LinePatternTests {
    let lines = ["panic: runtime error", "upstream timed out after 800ms", "GET /api 200", "", "é upstream timed", "x.y", "xzy",
                 "[a] timed out", "ERROR timeout", "😀 panic:"]

    /// Whatever path a pattern takes, it answers as the regex engine does.
    @Test func agreesWithTheRegexEngine() throws {
        for pattern in ["panic:|upstream timed out", "timed out", "😀", "x.y", "(timed|panic)", "[a]", "ERROR|", "^GET"] {
            let regex = try NSRegularExpression(pattern: pattern)
            let fast = try #require(LinePattern(pattern))
            for line in lines {
                let expected = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
                #expect(fast.matches(line) == expected, "\(pattern) on \(line)")
            }
        }
    }

    @Test func anInvalidPatternIsNone() {
        #expect(LinePattern("(unclosed") == nil)
    }
}
