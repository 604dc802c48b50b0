import Foundation
import Testing
import WarRoomTerminal
import WarRoomTestSupport

/// What an OSC 52 puts on the clipboard: the text made inert, line breaks and tabs kept, and nothing too long.
@Suite struct ClipboardTests {
    /// The text a terminal would put on the clipboard from `sequence`.
    func copied(_ sequence: String) throws -> String {
        #expect(sequence.hasPrefix("\u{1B}]52;c;") && sequence.hasSuffix("\u{07}"))
        let base64 = sequence.dropFirst("\u{1B}]52;c;".count).dropLast()
        #expect(base64.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=".contains($0)) },
                "nothing but base64 between the sequence's ends")
        return String(decoding: try #require(Data(base64Encoded: String(base64))), as: UTF8.self)
    }

    @Test func hostileTextReachesTheClipboardInert() throws {
        for text in HostileText.corpus {
            let sequence = try #require(Clipboard.sequence(for: "update\n\t" + text))
            let onClipboard = try copied(sequence)
            #expect(HostileText.rawControls(in: onClipboard).isEmpty, "\(onClipboard.debugDescription)")
            #expect(onClipboard.hasPrefix("update\n\t"), "line breaks and tabs stay")
        }
    }

    @Test func tooLongIsNotSent() {
        #expect(Clipboard.sequence(for: String(repeating: "a", count: Clipboard.largestText)) != nil)
        #expect(Clipboard.sequence(for: String(repeating: "a", count: Clipboard.largestText + 1)) == nil)
    }
}
