import Foundation
import Testing
import WarRoomTestSupport

/// `warroom evaluate` on the recorded releases in fixtures/streams: exit status, and the whole timeline as a golden.
@Suite struct EvaluateEndToEndTests {
    static let expected: [(scenario: String, exit: Int32)] = [
        ("healthy", 0), ("slow-regression", 1), ("brief-spike", 0), ("stale-source", 2), ("log-rotation", 0),
        // With canary and baseline cohorts: the judge or the burn rate says ROLLBACK.
        ("canary-regression", 1), ("canary-spread", 1), ("sparse-errors", 1), ("slo-burn", 1),
    ]

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs the binary from the repository root (so paths in the output are relative) and returns (status, output).
    func evaluate(_ arguments: [String]) throws -> (Int32, String) {
        do {
            return (0, try Tmux.run(Tmux.binary.path, ["evaluate"] + arguments, in: Self.root.path))
        } catch let failure as CommandFailure {
            return (failure.status, failure.output)
        }
    }

    @Test(arguments: expected.map(\.scenario))
    func timelineAndExitStatus(_ scenario: String) throws {
        let (status, output) = try evaluate(["fixtures/streams/\(scenario)/plan.yaml"])
        #expect(status == Self.expected.first { $0.scenario == scenario }!.exit, "\(output)")
        let golden = Self.root.appendingPathComponent("fixtures/streams/\(scenario)/expected.txt")
        guard let recorded = try? String(contentsOf: golden, encoding: .utf8) else {
            try output.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded a new golden at \(golden.path); review it and run again")
            return
        }
        #expect(output == recorded)
    }

    @Test func aBriefSpikeGoesPendingAndResolvesWithoutFiring() throws {
        let (_, output) = try evaluate(["fixtures/streams/brief-spike/plan.yaml"])
        #expect(output.contains("T+30m00s  trigger  error_rate > 2% for 5m: inactive → pending"))
        #expect(output.contains("error_rate > 2% for 5m: pending → inactive"))
        #expect(!output.contains("→ firing"))
    }

    @Test func aRotatedLogIsOneStream() throws {
        let (_, output) = try evaluate(["fixtures/streams/log-rotation/plan.yaml"])
        #expect(!output.contains("log_errors: OK → STALE"), "the derived metric runs on across the rotation")
        #expect(output.hasSuffix("outcome: CLEAN (exit 0), data to T+1h30m\n"))
    }

    @Test func jsonLinesEndWithTheOutcome() throws {
        let (status, output) = try evaluate(["fixtures/streams/slow-regression/plan.yaml", "--json"])
        #expect(status == 1)
        // Standard error (what each log held, notes) comes first in the captured output; the JSON is standard output.
        let lines = output.split(separator: "\n").filter { !$0.hasPrefix("warroom: ") }
        #expect(output.hasPrefix("warroom: fixtures/streams/slow-regression/app.log: 3022 lines, 272 errors\n"))
        let last = try #require(lines.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(last["outcome"] as? String == "rollback")
        #expect((last["fired"] as? [[String: Any]])?.first?["rule"] as? String == "error_rate > 2% for 5m")
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["kind"] as? String == "metric")
    }

    @Test func theJudgeFailsLongBeforeTheThresholdFires() throws {
        let (_, output) = try evaluate(["fixtures/streams/canary-regression/plan.yaml"])
        #expect(output.contains("T+9m00s   judge    judge: PASS → FAIL (score 0: critical metric p99_latency is HIGH;"))
        #expect(output.contains("  judge FAIL at T+9m00s, 25m50s before p99_latency > 450ms for 5m fired (T+34m50s)\n"))
        #expect(output.contains("  judge score < 75 for 5m fired at T+14m00s, 20m50s before p99_latency > 450ms for 5m fired"))
    }

    @Test func onlyTheJudgeSeesAWiderSpreadAndSparseErrors() throws {
        let (_, spread) = try evaluate(["fixtures/streams/canary-spread/plan.yaml"])
        #expect(spread.contains("p99_latency HIGH: spread 2.0× the baseline's (Brown-Forsythe p 0.0015)"))
        #expect(spread.contains("  judge FAIL at T+11m00s; threshold triggers never fired\n"))
        let (_, sparse) = try evaluate(["fixtures/streams/sparse-errors/plan.yaml"])
        #expect(sparse.contains("errors HIGH: rate 6.5× the baseline's"))
        #expect(sparse.contains("  judge FAIL at T+13m00s; threshold triggers never fired\n"))
    }

    @Test func theBurnRateFiresWhereTheErrorRateNeverDoes() throws {
        let (status, output) = try evaluate(["fixtures/streams/slo-burn/plan.yaml"])
        #expect(status == 1)
        // 2% of the canary's requests lost from T+5m is 20 times the pace the objective allows: the hour's window has
        // spent 14.4 times it once 43 of its minutes are that bad.
        #expect(output.contains("T+46m50s  trigger  burn_rate(checkout, 1h, 5m) > 14.4: inactive → firing (canary burn rate 14.4× over 1h"))
        #expect(!output.contains("error_rate > 2% for 5m: inactive → firing"))
    }

    @Test func anInvalidPlanExitsThreeWithTheValidatorsMessages() throws {
        let (status, output) = try evaluate(["fixtures/plans/invalid/typos.yaml"])
        #expect(status == 3)
        #expect(output.contains("fixtures/plans/invalid/typos.yaml:4:3: error: unknown key 'verison' in release"))
    }
}
