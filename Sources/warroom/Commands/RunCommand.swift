import ArgumentParser
import Foundation
import WarRoomCore
import WarRoomFeeds
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
            for source in loaded.sources {
                guard case .file(let path, let format, let fromStart) = source.kind else {
                    // Said on screen rather than left looking healthy: its metrics stay NO DATA.
                    let report = SourceReport(source: source.name, failure: "command and Prometheus sources are not polled yet")
                    runtime.addFeed { post in post(.source(report)) }
                    continue
                }
                // A metric reading `series:` gets that series' samples under its own name.
                var renames: [String: String] = [:]
                for metric in loaded.metrics {
                    if case .source(source.name, let series?) = metric.feed { renames[series] = metric.name }
                }
                runtime.addFeed { [renames] post in
                    await MetricFileFeed(path: path, name: source.name, format: format, startAtEnd: !fromStart, renames: renames)
                        .run(interval: .milliseconds(250), now: { clock.now() }, emit: post)
                }
            }
            for log in loaded.logs {
                runtime.addFeed { post in
                    await LogFileFeed(path: log.path, startAtEnd: !log.fromStart)
                        .run(interval: .milliseconds(250), now: { clock.now() }, emit: post)
                }
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
