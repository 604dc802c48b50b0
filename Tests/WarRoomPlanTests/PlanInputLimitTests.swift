import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomPlan

/// What the loader does with files no person wrote as a plan: too big, not UTF-8, an alias bomb, a problem on every
/// line, a line of a megabyte. Each is refused or reported in bounded time and memory, with the file and a fix.
@Suite("Plan input limits", .timeLimit(.minutes(1)))
struct PlanInputLimitTests {
    static func report(_ text: String) -> DiagnosticReport {
        PlanLoader.check(text: text, file: "plan.yaml", environment: [:]).report
    }

    /// Seconds `body` takes.
    static func seconds(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    @Test func textOverTheLimitIsRefusedWithItsSizeAndTheLimit() {
        let text = "release: {name: x}\n" + String(repeating: "# padding\n", count: SizeLimit.plan.bytes / 10)
        let report = Self.report(text)
        #expect(report.description == """
            plan.yaml: error: the file is 1.0 MiB; a plan or layout file may be at most 1 MiB
            hint: check that this is the right file; a release plan is a few kilobytes, so keep long runbooks and logs in files of their own

            """)
    }

    /// A big file is not read past the limit, and neither is a device that never ends.
    @Test func aFileOverTheLimitIsNotRead() throws {
        let directory = TemporaryDirectory("limits")
        let path = directory.file("big.yaml")
        _ = FileManager.default.createFile(atPath: path, contents: Data(count: (30 << 20) + 100_000))
        let big = PlanLoader.check(path: path).report
        #expect(big.errors.map(\.message) == ["the file is 30.1 MiB; a plan or layout file may be at most 1 MiB"])
        let endless = PlanLoader.check(path: "/dev/zero").report
        #expect(endless.errors.map(\.message) == ["the file holds more than 1 MiB; a plan or layout file may be at most 1 MiB"])
        let folder = PlanLoader.check(path: directory.path).report
        #expect(folder.errors.map(\.message) == ["cannot read the file (is it a file, and not a directory?)"])
    }

    @Test func bytesThatAreNotUTF8AreLocated() throws {
        let directory = TemporaryDirectory("limits")
        let path = directory.file("latin1.yaml")
        let bytes = Array("release:\n  name: Caf".utf8) + [0xE9] + Array(" bar\n".utf8)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let report = PlanLoader.check(path: path).report
        #expect(report.description == """
            \(path):2:12: error: the file is not UTF-8 text: the bytes here are in another encoding
              name: Caf\u{FFFD} bar
                       ^
            hint: save the file as UTF-8 (most editors offer it under 'Save with encoding')

            """)
    }

    /// Ten nested aliases of ten lists as one mapping key: Yams would hash 10^8 values.
    @Test func anAliasBombIsRefusedAtTheAliasThatGoesOver() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]") }
        lines.append("z: {? *a8 : 1}")
        var report = DiagnosticReport(file: "", source: "", diagnostics: [])
        let elapsed = Self.seconds { report = Self.report(lines.joined(separator: "\n") + "\n") }
        #expect(elapsed < 5)
        #expect(report.errors.count == 1)
        let error = report.errors.first
        #expect(error?.line == 5)
        #expect(error?.message.hasPrefix("aliases in this file stand for more than 100000 values") == true)
        // Aliases that stay small are still fine YAML: the plan is checked as usual.
        let small = Self.report("x: &x [a]\ny: *x\n")
        #expect(!small.errors.contains { $0.message.contains("aliases") })
    }

    /// A generated file with a mistake per line: the first hundred errors are shown and the rest counted.
    @Test func pastAHundredErrorsTheRestAreCounted() {
        let text = PlanDiagnosticTests.valid + "\n" + (1...5_000).map { "unknown_key_\($0): 1" }.joined(separator: "\n") + "\n"
        var report = DiagnosticReport(file: "", source: "", diagnostics: [])
        let elapsed = Self.seconds { report = Self.report(text) }
        #expect(elapsed < 10)
        #expect(report.errors.count == DiagnosticSink.limit)
        #expect(report.omittedErrors == 5_000 - DiagnosticSink.limit)
        #expect(report.hasErrors)
        #expect(report.description.hasSuffix("plan.yaml: note: 4900 more errors not shown; fix the ones above and check again\n"))
    }

    /// A one-line plan of 200 KB with an error every few characters: each diagnostic echoes a window of its
    /// line, not the whole of it.
    @Test func aLongLineIsEchoedAsAWindowAroundTheCaret() {
        let text = "{" + (0..<20_000).map { "k\($0): 1" }.joined(separator: ", ") + "}\n"
        var rendered = ""
        let elapsed = Self.seconds { rendered = Self.report(text).description }
        #expect(elapsed < 10)
        #expect(rendered.utf8.count < 100_000)
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false)
        let headline = lines.firstIndex { $0.contains("unknown key 'k80'") }
        #expect(headline != nil)
        guard let headline else { return }
        let shown = lines[headline + 1], caret = lines[headline + 2]
        #expect(shown.hasPrefix("…") && shown.hasSuffix("…"))
        // The caret stands under the key the headline names.
        #expect(String(Array(shown)[(caret.count - 1)...].prefix(4)) == "k80:")
    }

    /// Names as long as the file is big got a Levenshtein table each; now a long name gets no suggestion.
    @Test func longMisspeltNamesAreCheap() {
        let name = String(repeating: "a", count: 100_000)
        let text = PlanDiagnosticTests.valid.replacingOccurrences(of: "  - error_rate > 2% for 5m", with: "  - \(name)b > 2")
            .replacingOccurrences(of: "  - name: error_rate", with: "  - name: \(name)")
        var report = DiagnosticReport(file: "", source: "", diagnostics: [])
        let elapsed = Self.seconds { report = Self.report(text) }
        #expect(elapsed < 10)
        #expect(report.errors.contains { $0.message.hasPrefix("unknown metric '") && !$0.message.contains("did you mean") })
    }

    /// A hint lists ten names, not all of them.
    @Test func aReferenceHintListsTenNames() {
        let metrics = (1...30).map { "  - {name: m\($0), success: \"< 1\", alert: \"> 2\"}" }.joined(separator: "\n")
        let text = PlanDiagnosticTests.valid.replacingOccurrences(of: "metrics:\n", with: "metrics:\n\(metrics)\n")
            .replacingOccurrences(of: "  - error_rate > 2% for 5m", with: "  - nothing > 2")
        let hints = Self.report(text).errors.compactMap(\.hint)
        #expect(hints.contains("defined metrics: m1, m2, m3, m4, m5, m6, m7, m8, m9, m10 and 21 more"))
    }

    /// Many metrics, stages, gates and triggers referring to each other: every lookup is by name, not a search.
    @Test func crossReferencesStayLinear() {
        let count = 5_000
        let metrics = (0..<count).map { "  - {name: m\($0), success: \"< 1\", alert: \"> 2\"}" }.joined(separator: "\n")
        let stages = (0..<count).map { "  - {name: s\($0), traffic: 100%, gate: [m\($0), m0]}" }.joined(separator: "\n")
        let triggers = (0..<count).map { "  - m\($0) > 2 for \($0 + 1)m" }.joined(separator: "\n")
        let text = """
            release: {name: svc, version: 1.0.0}
            strategy: canary
            stages:
            \(stages)
            metrics:
            \(metrics)
            triggers:
            \(triggers)
            rollback:
              steps: [Roll back]

            """
        var report = DiagnosticReport(file: "", source: "", diagnostics: [])
        let elapsed = Self.seconds { report = Self.report(text) }
        #expect(report.errors.isEmpty, "\(report.errors.prefix(3))")
        #expect(elapsed < 20)
    }
}
