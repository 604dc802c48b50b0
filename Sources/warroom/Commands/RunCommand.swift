import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomFeeds
import WarRoomPlan

/// `warroom run PLAN`: the live war room for a real release.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open the war room for a release plan, following the metric and log files it names."
    )

    @Argument(help: "The release plan (YAML).")
    var plan: String

    @OptionGroup var session: SessionOptions

    func run() throws {
        let loaded = try PlanLoader.load(path: plan)
        let clock = WallClock()
        let status = try Session(plan: loaded, options: session, clock: clock).run { runtime in
            for source in loaded.sources {
                switch source {
                case .metricFile(let path):
                    runtime.addFeed { post in
                        await MetricFileFeed(path: path).run(interval: .milliseconds(250), now: { clock.now() }, emit: post)
                    }
                case .logFile(let path):
                    runtime.addFeed { post in
                        await LogFileFeed(path: path).run(interval: .milliseconds(250), now: { clock.now() }, emit: post)
                    }
                }
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
