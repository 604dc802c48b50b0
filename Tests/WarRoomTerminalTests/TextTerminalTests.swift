import Testing
import WarRoomUI
import WarRoomTerminal

@Suite struct TextTerminalTests {
    @Test func recordsTheLastFrameAsLines() {
        let terminal = TextTerminal(width: 6, height: 2)
        #expect(terminal.size == (6, 2))
        #expect(terminal.lines.isEmpty)
        var buffer = Buffer(width: 6, height: 2)
        buffer.put("✓ 日本", x: 0, y: 0)
        terminal.draw(Buffer(width: 6, height: 2))
        terminal.draw(buffer)
        #expect(terminal.lines == ["✓ 日本", "      "])
        #expect(terminal.frameCount == 2)
    }

    @Test func playsBackScriptedKeysThenReturnsNil() {
        let terminal = TextTerminal(keys: [.down, .character("q")])
        #expect(terminal.readKey(timeoutMilliseconds: 100) == .down)
        #expect(terminal.readKey(timeoutMilliseconds: 100) == .character("q"))
        #expect(terminal.readKey(timeoutMilliseconds: 100) == nil)
    }

    @Test func bellSignalAndRestoreAreObservable() {
        let terminal: TextTerminal = TextTerminal()
        let backend: any TerminalBackend = terminal
        #expect(backend.pendingSignal == nil)
        terminal.pendingSignal = 15
        backend.bell()
        backend.restore()
        backend.restore()
        #expect(backend.pendingSignal == 15)
        #expect(terminal.bellCount == 1)
        #expect(terminal.isRestored)
    }
}
