import Foundation
import Testing
import WarRoomCore
import WarRoomJournal
import WarRoomTestSupport

/// The hostile-text corpus pushed through every command of the real binary, as plans, Markdown, metric files,
/// logs, notes and journals: whatever a command prints or writes holds no raw control, and no input, however
/// broken, makes a command trap or hang.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct HostileInputEndToEndTests {
    let directory = TemporaryDirectory("hostile-e2e")
    let hostile = HostileText.corpus.joined(separator: " ¦ ")

    /// The binary's exit status and everything it printed (standard output and error together).
    func warroom(_ arguments: [String]) throws -> (status: Int32, output: String) {
        do {
            return (0, try Tmux.run(Tmux.binary.path, arguments))
        } catch let failure as CommandFailure {
            return (failure.status, failure.output)
        }
    }

    func expectInert(_ output: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let raw = HostileText.rawControls(in: output)
        #expect(raw.isEmpty, "\(what) printed raw controls \(raw.map { String($0.value, radix: 16) })",
                sourceLocation: sourceLocation)
    }

    /// A YAML double-quoted string holding `text` exactly, every control written as an escape.
    func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || InertText.isControl(scalar):
                result += "\\u" + String(format: "%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The healthy recorded release, with hostile text in every free-text field, its metric file and its log.
    func hostilePlan() throws -> String {
        let source = Repository.path("fixtures/streams/healthy")
        try FileManager.default.copyItem(atPath: source + "/metrics.jsonl", toPath: directory.file("metrics.jsonl"))
        try FileManager.default.copyItem(atPath: source + "/app.log", toPath: directory.file("app.log"))
        for text in HostileText.corpus {
            directory.append("{\"time\": \"2026-11-22T14:05:00Z\", \"error_rate\": \(quoted(text))}\n", to: "metrics.jsonl")
            directory.append("\(text) \(quoted(text)) \u{1B}[2J\n", to: "metrics.jsonl")
            directory.append("2026-11-22T14:06:00Z ERROR \(text)\n", to: "app.log")
        }
        directory.append("{\"time\": \"9999-12-31T23:59:59Z\", \"error_rate\": 1e308}\n", to: "metrics.jsonl")
        directory.append("{\"time\": \"2026-11-22T14:07:00Z\", \"error_rate\": -1e308}\n", to: "metrics.jsonl")
        let plan = """
            release:
              name: \(quoted("checkout \(hostile)"))
              version: 2.15.0
              owner: \(quoted(hostile))
              on_call: \(quoted(hostile))
              start: 2026-11-22T14:00:00Z
            strategy: canary
            stages:
              - {name: \(quoted("Canary \u{1B}[31m")), traffic: 10%, min_duration: 15m, gate: [error_rate]}
              - {name: Full rollout, traffic: 100%}
            sources:
              - {name: app, file: metrics.jsonl}
            logs:
              - {name: app, path: app.log}
            metrics:
              - {name: error_rate, unit: "%", baseline: 0.4, success: "< 1", alert: "> 2", source: app}
              - {name: log_errors, log: app, count: error, window: 1m, success: "< 6", alert: "> 20"}
            triggers:
              - error_rate > 2% for 5m
            rollback:
              steps: [\(quoted(hostile))]
            checklist:
              pre_launch: [\(quoted(hostile))]
            """
        try directory.write(plan, to: "plan.yaml")
        return directory.file("plan.yaml")
    }

    @Test func validateAndEvaluatePrintNothingRaw() throws {
        let plan = try hostilePlan()
        let validated = try warroom(["validate", plan])
        expectInert(validated.output, "validate")
        #expect(validated.output.contains("␛"), "the escape is shown, not dropped: \(validated.output)")
        for arguments in [["evaluate", plan], ["evaluate", plan, "--json"]] {
            let evaluated = try warroom(arguments)
            expectInert(evaluated.output, arguments.joined(separator: " "))
            #expect([0, 1, 2, 3].contains(evaluated.status), "\(arguments): exit \(evaluated.status)")
        }
    }

    @Test func aPlanWithRawControlBytesIsRefusedInertly() throws {
        try directory.write("release:\n  name: \"evil\u{1B}]0;owned\u{07}\"\n  version: 1\n", to: "raw.yaml")
        let result = try warroom(["validate", directory.file("raw.yaml")])
        #expect(result.status != 0)
        expectInert(result.output, "validate of raw controls")
        #expect(result.output.contains("raw.yaml:"), "the error names the file: \(result.output)")
    }

    @Test func importWritesAndPrintsOnlyInertText() throws {
        let markdown = "# Release plan: evil\u{1B}]0;t\u{07}\n\n## Launch checklist\n\n"
            + HostileText.corpus.map { "- [ ] \($0)" }.joined(separator: "\n") + "\n"
        try directory.write(markdown, to: "plan.md")
        let printed = try warroom(["import", directory.file("plan.md")])
        expectInert(printed.output, "import to standard output")
        let written = try warroom(["import", directory.file("plan.md"), "-o", directory.file("imported.yaml")])
        expectInert(written.output, "import's report")
        let yaml = (try? String(contentsOfFile: directory.file("imported.yaml"), encoding: .utf8)) ?? ""
        expectInert(yaml, "the YAML import wrote")
    }

    /// A journal whose plan and entries hold the corpus: every export to standard output, and `run` against it
    /// with another plan (its refusal quotes the stored release name).
    @Test func exportsAndRefusalsOfAHostileJournalAreInert() throws {
        let path = directory.file("hostile.sqlite")
        var plan = Plan(release: ReleaseInfo(name: "evil\u{1B}]0;owned\u{07}", version: "1\u{9B}2J", owner: hostile, onCall: hostile),
                        strategy: .canary, stages: [Stage(name: "All \u{202E}", traffic: 100, minDuration: 0, gateMetrics: [])],
                        metrics: [], triggers: [], checklist: [])
        plan.release.start = Date(timeIntervalSince1970: 1_795_356_000)
        let journal = try Journal.open(path: path, plan: plan)
        let t0 = Date(timeIntervalSince1970: 1_795_356_000)
        for (index, text) in HostileText.corpus.enumerated() {
            _ = try journal.append(JournalEntry(time: t0.addingTimeInterval(Double(index)), actor: text, session: "s-\(text)",
                                                event: .note(text: text)))
        }
        _ = try journal.append(JournalEntry(time: t0.addingTimeInterval(60), actor: "ci", session: "s",
                                            event: .commandRun(command: hostile, exitStatus: 1, output: hostile)))
        for format in ["markdown", "json", "ndjson", "html"] {
            let exported = try warroom(["export", path, "--format", format])
            #expect(exported.status == 0, "\(format): \(exported.output)")
            expectInert(exported.output, "export --format \(format)")
        }
        let other = try hostilePlan()
        let refused = try warroom(["run", other, "--journal", path])
        #expect(refused.status != 0)
        expectInert(refused.output, "run on another plan's journal")
        let noted = try warroom(["note", "--journal", path, "--as", "ci", hostile])
        #expect(noted.status == 0, "a hostile note is data, and recorded: \(noted.output)")
        expectInert(noted.output, "note")
    }
}
