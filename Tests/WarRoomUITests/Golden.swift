import Foundation
import Testing
import WarRoomTestSupport
import WarRoomUI

/// Golden-text comparison of rendered buffers: the text of every row, then the style runs.
/// A missing golden is written and the test fails, so every baseline is looked at before it is trusted.
/// Set WARROOM_UPDATE_GOLDENS=1 to rewrite goldens after a deliberate change (and review the diff).
enum Golden {
    static func directory(_ file: String = #filePath) -> URL {
        URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func render(_ buffer: Buffer) -> String {
        var text = buffer.lines.map { "|" + $0 + "|" }.joined(separator: "\n") + "\n--- styles\n"
        for y in 0..<buffer.height {
            var runs: [String] = []
            var x = 0
            while x < buffer.width {
                let style = buffer[x, y].style
                var end = x
                while end + 1 < buffer.width && buffer[end + 1, y].style == style { end += 1 }
                if style != .plain { runs.append("\(x)-\(end) \(describe(style))") }
                x = end + 1
            }
            if !runs.isEmpty { text += "\(y): " + runs.joined(separator: ", ") + "\n" }
        }
        return text
    }

    static func describe(_ style: Style) -> String {
        var parts: [String] = []
        if let foreground = style.foreground { parts.append("\(foreground)") }
        if let background = style.background { parts.append("on \(background)") }
        if style.bold { parts.append("bold") }
        if style.dim { parts.append("dim") }
        if style.reverse { parts.append("reverse") }
        if style.underline { parts.append("underline") }
        return parts.joined(separator: " ")
    }

    static func check(_ buffer: Buffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        TextGolden.check(render(buffer), golden: directory().appendingPathComponent(name + ".txt").path,
                         sourceLocation: sourceLocation)
    }
}
