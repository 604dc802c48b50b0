import Foundation
import Testing

/// Compares text with a golden file. A missing golden is written and the test fails, so every baseline is
/// read by a person before it counts; WARROOM_UPDATE_GOLDENS=1 rewrites goldens after a deliberate change.
public enum TextGolden {
    public static func check(_ actual: String, golden path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let update = ProcessInfo.processInfo.environment["WARROOM_UPDATE_GOLDENS"] == "1"
        guard !update, let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("golden \(name) was written; review it and run the tests again", sourceLocation: sourceLocation)
            return
        }
        guard actual != expected else { return }
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("actual-" + name).path
        try? actual.write(toFile: saved, atomically: true, encoding: .utf8)
        let lines = (actual.split(separator: "\n", omittingEmptySubsequences: false),
                     expected.split(separator: "\n", omittingEmptySubsequences: false))
        let first = zip(lines.0, lines.1).enumerated().first { $0.element.0 != $0.element.1 }
        Issue.record("""
            \(name) differs from its golden (actual output in \(saved)); \
            first difference at line \((first?.offset ?? min(lines.0.count, lines.1.count)) + 1):
              expected: \(first.map { String($0.element.1) } ?? "(end)")
              actual:   \(first.map { String($0.element.0) } ?? "(end)")
            """, sourceLocation: sourceLocation)
    }
}
