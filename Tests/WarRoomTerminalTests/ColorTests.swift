import Testing
import WarRoomUI
import WarRoomTerminal

@Suite struct ColorTests {
    @Test func colorModeFollowsTerminalAndNoColor() {
        #expect(ColorMode.detect(terminalHasColors: true, noColor: nil) == .color)
        #expect(ColorMode.detect(terminalHasColors: true, noColor: "") == .color)  // set but empty: ignored
        #expect(ColorMode.detect(terminalHasColors: true, noColor: "1") == .monochrome)
        #expect(ColorMode.detect(terminalHasColors: false, noColor: nil) == .monochrome)
    }

    @Test func colorRenditionKeepsColoursAndAttributes() {
        let style = Style(foreground: .red, background: .black, bold: true, underline: true)
        let rendition = Rendition(style: style, mode: .color)
        #expect(rendition.attributes == [.bold, .underline])
        #expect(rendition.colors == ColorPair(foreground: .red, background: .black))
    }

    @Test func monochromeDropsColoursButKeepsEveryAttribute() {
        let style = Style(foreground: .green, background: .blue, bold: true, dim: true, reverse: true, underline: true)
        let rendition = Rendition(style: style, mode: .monochrome)
        #expect(rendition.attributes == [.bold, .dim, .reverse, .underline])
        #expect(rendition.colors == .terminalDefault)
        #expect(Rendition(style: .plain, mode: .monochrome) == Rendition())
        #expect(Rendition(style: .reverse, mode: .monochrome).attributes == [.reverse])
    }

    @Test func pairsAreAllocatedLazilyAndReused() {
        var table = ColorPairTable(capacity: 64)
        let red = ColorPair(foreground: .red)
        let alert = ColorPair(foreground: .white, background: .red)
        #expect(table.number(for: .terminalDefault) == (0, false))
        #expect(table.count == 0)
        #expect(table.number(for: red) == (1, true))
        #expect(table.number(for: alert) == (2, true))
        #expect(table.number(for: red) == (1, false))
        #expect(table.count == 2)
    }

    @Test func fullTableFallsBackToTheDefaultPair() {
        var table = ColorPairTable(capacity: 3)  // pair 0 plus two
        #expect(table.number(for: ColorPair(foreground: .red)) == (1, true))
        #expect(table.number(for: ColorPair(foreground: .green)) == (2, true))
        #expect(table.number(for: ColorPair(foreground: .blue)) == (0, false))
        #expect(table.number(for: ColorPair(foreground: .green)) == (2, false))
    }

    @Test func cursesColourNumbers() {
        let pair = ColorPair(foreground: .yellow)  // COLOR_YELLOW is 3
        #expect(pair.cursesNumbers(defaultColorsAvailable: true) == (3, -1))
        #expect(pair.cursesNumbers(defaultColorsAvailable: false) == (3, 0))
        #expect(ColorPair(background: .cyan).cursesNumbers(defaultColorsAvailable: false) == (7, 6))
    }
}
