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

    func run() throws {
        let loaded = try PlanLoader.load(path: plan)
        let clock = WallClock()
        let status = try Session(plan: loaded, options: session, clock: clock).run { runtime in
            let poke = runtime.controllerPoke
            runtime.feeds { folded in PlanFeeds.all(for: folded, clock: clock, poke: poke) }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
