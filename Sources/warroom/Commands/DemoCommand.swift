import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomFeeds
import WarRoomJournal
import WarRoomPlan

/// `warroom demo`: a whole simulated release, from the plan carried in the binary.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Play a simulated release in the war room (nothing needed but this binary).",
        discussion: "T0 is the moment the demo starts. With --scenario regression, the canary alone drifts worse from about T+10m, so the canary judge (v) says FAIL while every metric still looks fine; from about T+20m error rate and p99 latency climb, the readiness check starts failing, a threshold trigger goes pending, then fires, and the checkout objective's budget burns."
    )

    @Option(help: "What happens: \(Simulator.Scenario.allCases.map(\.rawValue).joined(separator: ", ")).")
    var scenario: String = Simulator.Scenario.healthy.rawValue

    @Option(help: "How many times faster than real time the release runs.")
    var speed: Double = 40

    @Option(help: "Seed of the simulated metrics and logs; the same seed plays the same release.")
    var seed: UInt64 = 1

    @OptionGroup var session: SessionOptions

    func validate() throws {
        guard Simulator.Scenario(rawValue: scenario) != nil else {
            throw ValidationError("unknown scenario '\(scenario)'; choose one of: \(Simulator.Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard speed > 0, speed <= 10_000 else { throw ValidationError("--speed must be between 0 and 10000 (got \(speed))") }
    }

    func run() throws {
        let file = "fixtures/plans/checkout-canary.yaml"
        let plan = try PlanLoader.load(text: EmbeddedFiles.files[file]!, file: file)
        let clock = ScaledClock(origin: try resumeTime(plan: plan) ?? Date(), speed: speed)
        var runner = Session(plan: plan, options: session, clock: clock)
        runner.startsImmediately = true
        runner.notifyPolicy = .never("a demo never sends notifications")
        let status = try runner.run { runtime in
            let simulator = Simulator(metrics: plan.metrics, checks: plan.healthChecks, slos: plan.slos,
                                      scenario: Simulator.Scenario(rawValue: scenario)!,
                                      seed: seed, t0: runtime.state.t0 ?? clock.now())
            // A resumed demo refills the sparklines with the recent past, not hours of history.
            var last = max(runtime.state.t0 ?? clock.now(), clock.now().addingTimeInterval(-40 * 60))
            runtime.pullEvents { now in
                defer { last = max(last, now) }
                return now > last ? simulator.events(from: last, through: now) : []
            }
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// Where a demo resumed from its journal picks up the simulated time: its last entry, if it is later than now.
    private func resumeTime(plan: Plan) throws -> Date? {
        let choice = try session.journalChoice(for: plan)
        let journal: any JournalStore
        switch choice.address {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            journal = try choice.openForReading()
        case .postgres:
            do { journal = try choice.openForReading() } catch JournalError.noSuchJournal { return nil }
        }
        guard let last = try journal.lastEntryTime() else { return nil }
        return max(last, Date())
    }
}
