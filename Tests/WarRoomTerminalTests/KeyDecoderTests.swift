import Testing
import WarRoomUI
import WarRoomTerminal

@Suite struct KeyDecoderTests {
    // Codes written out from <curses.h> (octal there), so a wrong import of the constants shows up too.
    @Test(arguments: [
        (0o403, Key.up), (0o402, .down), (0o404, .left), (0o405, .right),
        (0o523, .pageUp), (0o522, .pageDown), (0o406, .home), (0o550, .end),
        (0o541, .backTab), (0o527, .enter), (0o407, .backspace), (0o512, .delete), (0o632, .resize), (0o1000, .pasteStart), (0o1001, .pasteEnd),
    ] as [(Int32, Key)])
    func functionKeys(code: Int32, key: Key) {
        #expect(KeyDecoder.decode(.functionKey(code)) == key)
    }

    @Test func unmappedFunctionKeyIsIgnored() {
        #expect(KeyDecoder.decode(.functionKey(0o410 + 1)) == nil)  // F1
    }

    @Test(arguments: [
        (9, Key.tab), (13, .enter), (10, .enter), (27, .escape), (127, .backspace), (8, .backspace),
    ] as [(UInt32, Key)])
    func controlCharacters(code: UInt32, key: Key) {
        #expect(KeyDecoder.decode(.character(code)) == key)
    }

    @Test func printableCharactersIncludingWideOnes() {
        #expect(KeyDecoder.decode(.character(0x71)) == .character("q"))
        #expect(KeyDecoder.decode(.character(0x20)) == .character(" "))
        #expect(KeyDecoder.decode(.character(0xE9)) == .character("é"))
        #expect(KeyDecoder.decode(.character(0x65E5)) == .character("日"))
    }

    @Test func otherControlsAndInvalidCodePointsAreDropped() {
        #expect(KeyDecoder.decode(.character(0x00)) == nil)
        #expect(KeyDecoder.decode(.character(0x03)) == nil)  // Ctrl-C arrives as SIGINT, never as a key
        #expect(KeyDecoder.decode(.character(0x9B)) == nil)  // C1 CSI
        #expect(KeyDecoder.decode(.character(0xD800)) == nil)  // lone surrogate
        #expect(KeyDecoder.decode(.character(0x110000)) == nil)
    }
}
