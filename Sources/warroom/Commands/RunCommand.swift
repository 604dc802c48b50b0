import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomFeeds
import WarRoomRuntime
import WarRoomPlan

/// `warroom run PLAN`: the live war room for a real release.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open the war room for a release plan, following the metric sources and logs it names.",
        discussion: "The plan is checked first, exactly as `warroom validate` checks it; a plan with errors is refused with the same messages."
    )

    @Argument(help: "The release plan (YAML).")
    var plan: String

    @OptionGroup var session: SessionOptions

    @Flag(help: "Send the plan's notifications (Slack, PagerDuty, webhooks) even when the plan does not say communication: send_notifications: true. Without either, the comms view (c) shows what would be sent.")
    var notify = false

    func run() throws {
        let loaded = try PlanLoader.load(path: plan)
        let clock = WallClock()
        var runner = Session(plan: loaded, options: session, clock: clock)
        if notify { runner.notifyPolicy = .always }
        let status = try runner.run { runtime in
            let poke = runtime.controllerPoke
            runtime.feeds { folded in PlanFeeds.all(for: folded, clock: clock, poke: poke) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
