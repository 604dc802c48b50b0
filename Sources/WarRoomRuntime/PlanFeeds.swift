import Foundation
import WarRoomCore
import WarRoomFeeds

/// Every feed a plan asks for, made whenever a war room becomes the evaluator (``Runtime/feeds(_:)``): its metric
/// sources (files, commands, Prometheus), its logs with the metrics derived from them, and its health checks.
public enum PlanFeeds {
    public typealias Feed = @Sendable (_ post: @escaping @Sendable (Event) -> Void) async -> Void

    /// Files are polled every quarter second; commands, Prometheus and health checks on the plan's own intervals.
    /// A log whose lines the journal already holds (a takeover, a restart) is followed from its end with no backlog:
    /// the lines before it were journaled by the war room that evaluated then.
    public static func all(for folded: FoldedState, clock: Clock) -> [Feed] {
        let plan = folded.plan
        let journaledLogs = Set(folded.logs.map(\.source))
        let now: @Sendable () -> Date = { clock.now() }
        var feeds: [Feed] = []
        for source in plan.sources {
            let renames = plan.renames(forSource: source.name)
            switch source.kind {
            case .file(let path, let format, let fromStart):
                feeds.append { [renames] post in
                    await MetricFileFeed(path: path, name: source.name, format: format, startAtEnd: !fromStart, renames: renames)
                        .run(interval: .milliseconds(250), now: now, emit: post)
                }
            case .command(let line, let format):
                let command = ShellCommand(line, timeout: .milliseconds(Int64(source.timeout * 1000)))
                feeds.append { [renames] post in
                    await CommandFeed(name: source.name, command: command, format: format, renames: renames)
                        .run(interval: .milliseconds(Int64(source.interval * 1000)), now: now, emit: post)
                }
            case .prometheus:
                guard let feed = PrometheusFeed(source: source, metrics: PrometheusMetric.reading(source: source.name, in: plan.metrics))
                else { continue }
                feeds.append { post in await feed.run(now: now, emit: post) }
            }
        }
        for log in plan.logs {
            let derived = plan.derivedMetrics(ofLog: log.name)
            feeds.append { post in
                let resumed = journaledLogs.contains(log.name)
                await LogFileFeed(path: log.path, name: log.name, startAtEnd: resumed || !log.fromStart,
                                  backlogBytes: resumed ? 0 : 16 * 1024, errorPattern: log.errorPattern,
                                  derived: LogDeriver(metrics: derived))
                    .run(interval: .milliseconds(250), now: now, emit: post)
            }
        }
        for check in plan.healthChecks {
            let feed = HealthCheckFeed(check: check)
            feeds.append { post in await feed.run(now: now, emit: post) }
        }
        return feeds
    }
}
