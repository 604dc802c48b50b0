import Foundation
import Testing

/// Compares an export with its golden file in Golden/; a missing golden is recorded and the test fails,
/// so every baseline is read by a person before it counts.
enum ExportGolden {
    static func check(_ text: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
        guard let expected = try? String(contentsOf: golden, encoding: .utf8) else {
            try text.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("Recorded a new golden file at \(golden.path); review it and run the tests again.",
                         sourceLocation: sourceLocation)
            return
        }
        if text != expected {
            let actual = golden.deletingPathExtension().appendingPathExtension("actual." + golden.pathExtension)
            try? text.write(to: FileManager.default.temporaryDirectory.appendingPathComponent(actual.lastPathComponent),
                            atomically: true, encoding: .utf8)
            let lines = (text.split(separator: "\n", omittingEmptySubsequences: false),
                         expected.split(separator: "\n", omittingEmptySubsequences: false))
            let first = zip(lines.0, lines.1).enumerated().first { $0.element.0 != $0.element.1 }
            Issue.record("""
                \(name) differs from its golden (actual output in $TMPDIR/\(actual.lastPathComponent)); \
                first difference at line \((first?.offset ?? min(lines.0.count, lines.1.count)) + 1):
                expected: \(first.map { String($0.element.1) } ?? "(end)")
                actual:   \(first.map { String($0.element.0) } ?? "(end)")
                """, sourceLocation: sourceLocation)
        }
    }
}
