import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomPlan

/// A control character in a plan is an error at its line and column with a fix, never a bare YAML error; and nothing
/// the validator prints from a plan (the echoed line, quoted values, the summary) reaches the terminal raw.
@Suite("Plan control characters")
struct PlanControlCharacterTests {
    static func report(_ text: String, file: String = "plan.yaml") -> DiagnosticReport {
        PlanLoader.check(text: text, file: file, environment: [:]).report
    }

    /// `valid` with the release name replaced by `name`, written as a YAML double-quoted scalar holds it.
    static func plan(name: String) -> String {
        PlanDiagnosticTests.valid.replacingOccurrences(of: "  name: svc", with: "  name: \"\(name)\"")
    }

    @Test func anEscapeIsAnErrorAtItsColumnWithAFix() {
        let report = Self.report(Self.plan(name: "svc\u{1B}]52;c;aGk=\u{07}"))
        #expect(report.description == """
            plan.yaml:2:13: error: control character U+001B (shown as ␛) in the plan; a plan holds plain text (and 1 more on this line)
              name: "svc␛]52;c;aGk=␇"
                        ^
            hint: delete it; a control character shown on a terminal could move the cursor, retitle the window or write the clipboard

            """)
    }

    @Test(arguments: [
        ("\u{9B}31m", "control character U+009B (shown as ⟨U+009B⟩) in the plan; a plan holds plain text"),
        ("\u{7F}", "control character U+007F (shown as ␡) in the plan; a plan holds plain text"),
        ("\u{0}", "control character U+0000 (shown as ␀) in the plan; a plan holds plain text"),
        ("ab\u{202E}cd", "bidirectional control U+202E in the plan: it makes text display in another order than it is written"),
        ("a\u{2028}b", "U+2028 (a line separator) in the plan: YAML reads a line break here, which editors do not show"),
        ("a\u{85}b", "U+0085 (a line separator) in the plan: YAML reads a line break here, which editors do not show"),
        ("a\rb", "carriage return (U+000D) without a line feed: YAML reads a line break here"),
        ("a\u{FFFF}", "U+FFFF is not a character, and YAML refuses it"),
    ])
    func eachKindIsNamed(_ hostile: String, _ message: String) {
        let report = Self.report(Self.plan(name: hostile))
        #expect(report.errors.map(\.message) == [message])
        #expect(report.errors.first?.line == 2)
        #expect(HostileText.rawControls(in: report.description).isEmpty)
    }

    /// A double-quoted escape writes a control the file does not show: refused too, at the value.
    @Test func aControlWrittenAsAnEscapeIsAnErrorToo() {
        let report = Self.report(Self.plan(name: "\\e[2J \\u202E"))
        #expect(report.errors.map(\.message)
                == ["control character U+001B (shown as ␛) in the plan, written as an escape; a plan holds plain text (and 1 more in this value)"])
        #expect(report.errors.first?.line == 2)
        #expect(report.errors.first?.column == 9)
    }

    /// Tabs and CRLF line ends are fine: a plan saved on Windows loads, and its diagnostics echo the right line.
    @Test func windowsLineEndsLoadAndEchoTheRightLine() throws {
        let crlf = PlanDiagnosticTests.valid.replacingOccurrences(of: "\n", with: "\r\n")
        _ = try PlanLoader.load(text: crlf, file: "plan.yaml")
        let broken = crlf.replacingOccurrences(of: "  - error_rate > 2%", with: "  - eror_rate > 2%")
        #expect(Self.report(broken).description.contains("""
            plan.yaml:16:5: error: unknown metric 'eror_rate' in trigger; did you mean 'error_rate'?
              - eror_rate > 2% for 5m
                ^
            """))
    }

    /// The caret stands under the column YAML names, however wide the pictures before it are.
    @Test func theCaretCountsThePicturesBeforeIt() {
        let text = PlanDiagnosticTests.valid.replacingOccurrences(
            of: "triggers:", with: "  - {name: \"a\u{202E}\u{1B}b\", success: \"< 1\", alert: \"> 2\", bogus: 1}\ntriggers:")
        let lines = Self.report(text).description.split(separator: "\n", omittingEmptySubsequences: false)
        let headline = lines.firstIndex { $0.contains("unknown key 'bogus'") }
        #expect(headline != nil)
        guard let headline else { return }
        let shown = Array(lines[headline + 1]), caret = lines[headline + 2]
        #expect(String(shown) == "  - {name: \"a⟨U+202E⟩␛b\", success: \"< 1\", alert: \"> 2\", bogus: 1}")
        #expect(String(shown[(caret.count - 1)...].prefix(5)) == "bogus")
    }

    /// Each hostile string in each kind of field: the plan is refused, and every byte of the report is inert.
    @Test(arguments: HostileText.corpus)
    func hostileTextInAnyFieldComesOutInert(_ hostile: String) {
        let quoted = "\"" + hostile.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
        let fields = ["  name: svc", "  version: 1.0.0", "strategy: canary", "  - name: One", "    min_duration: 5m",
                      "    gate: [error_rate]", "  - name: error_rate", "    unit: \"%\"", "    success: \"< 1\"",
                      "  - error_rate > 2% for 5m", "  steps: [Roll back]"]
        for field in fields {
            let key = field.split(separator: ":", maxSplits: 1)[0]
            let replacement = field.hasPrefix("  - error_rate") ? "  - \(quoted)"
                : field.hasSuffix("[Roll back]") ? "  steps: [\(quoted)]" : "\(key): \(quoted)"
            let text = PlanDiagnosticTests.valid.replacingOccurrences(of: field, with: replacement)
            let report = Self.report(text, file: "plans/\(hostile).yaml")
            #expect(HostileText.rawControls(in: report.description).isEmpty, "\(field) ← \(hostile.debugDescription)")
            if !HostileText.rawControls(in: hostile).isEmpty {
                #expect(report.hasErrors, "\(field) ← \(hostile.debugDescription)")
            }
        }
    }

    /// The summary of a plan built elsewhere (the file name, or a plan from a journal) shows text inert too.
    @Test(arguments: HostileText.corpus)
    func theSummaryIsInert(_ hostile: String) throws {
        var plan = try PlanLoader.load(text: PlanDiagnosticTests.valid, file: "plan.yaml")
        plan.release.name = hostile
        plan.release.owner = hostile
        plan.stages[0].name = hostile
        plan.communication.channel = hostile
        let summary = PlanSummary.render(plan, file: "plans/\(hostile).yaml", warnings: 0)
        #expect(HostileText.rawControls(in: summary).isEmpty, "\(hostile.debugDescription)")
    }
}
