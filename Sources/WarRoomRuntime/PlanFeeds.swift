import Foundation
import WarRoomCore
import WarRoomFeeds

/// Every feed a plan asks for, made whenever a war room becomes the evaluator (``Runtime/feeds(_:)``): its metric
/// sources (files, commands, Prometheus), its logs with the metrics derived from them, its rollout controller, and
/// its health checks.
public enum PlanFeeds {
    public typealias Feed = @Sendable (_ post: @escaping @Sendable (Event) -> Void) async -> Void

    /// Files are polled every half second, twice per evaluator turn (a faster poll only splits the same work); a log
    /// read that leaves more to read goes on at once. Commands, Prometheus and health checks on the plan's own intervals.
    /// A log an earlier evaluator read (a takeover, a restart) is followed from its end, with up to a mebibyte read
    /// back only to refill the windows of its derived metrics: lines up to the newest it journaled are neither sent
    /// nor counted again.
    static let fileInterval = Duration.milliseconds(500)

    /// `poke` makes the controller's feed read at once (the runtime's ``Runtime/controllerPoke``, after an action).
    public static func all(for folded: FoldedState, clock: Clock, poke: ControllerPoke = ControllerPoke()) -> [Feed] {
        let plan = folded.plan
        let now: @Sendable () -> Date = { clock.now() }
        var feeds: [Feed] = []
        // What the controller feed reads tells the pod log feeds which pods are the canary's.
        let controllerStatus = LatestControllerStatus(folded.controller.status)
        for source in plan.sources {
            let renames = plan.renames(forSource: source.name)
            switch source.kind {
            case .file(let path, let format, let fromStart):
                feeds.append { [renames] post in
                    await MetricFileFeed(path: path, name: source.name, format: format, startAtEnd: !fromStart, renames: renames)
                        .run(interval: Self.fileInterval, now: now, emit: post)
                }
            case .command(let line, let format):
                let command = ShellCommand(line, timeout: .milliseconds(Int64(source.timeout * 1000)))
                feeds.append { [renames] post in
                    await CommandFeed(name: source.name, command: command, format: format, renames: renames)
                        .run(interval: .milliseconds(Int64(source.interval * 1000)), now: now, emit: post)
                }
            case .prometheus:
                guard let feed = PrometheusFeed(source: source, metrics: PrometheusMetric.reading(source: source.name, in: plan))
                else { continue }
                feeds.append { post in await feed.run(now: now, emit: post) }
            }
        }
        for log in plan.logs {
            let derived = plan.derivedMetrics(ofLog: log.name)
            switch log.source {
            case .file(let path):
                feeds.append { post in
                    let readThrough = folded.logsReadThrough[log.name]
                    await LogFileFeed(path: path, name: log.name, startAtEnd: readThrough != nil || !log.fromStart,
                                      backlogBytes: readThrough == nil ? 16 * 1024 : 1 << 20, errorPattern: log.errorPattern,
                                      derived: LogDeriver(metrics: derived), skippingThrough: readThrough)
                        .run(interval: Self.fileInterval, now: now, emit: post)
                }
            case .pods(let pods):
                let feed = PodLogFeed(name: log.name, pods: pods, errorPattern: log.errorPattern, derived: derived,
                                      fromStart: log.fromStart, skippingThrough: folded.logsReadThrough[log.name],
                                      status: { controllerStatus.current })
                feeds.append { post in await feed.run(interval: Self.fileInterval, now: now, emit: post) }
            }
        }
        if let rollout = plan.rollout {
            let feed = ControllerFeed(controller: rollout.controller, poll: .milliseconds(Int64(rollout.poll * 1000)))
            feeds.append { post in await feed.run(poke: poke, emit: { event in controllerStatus.take(event); post(event) }) }
        }
        for check in plan.healthChecks {
            let feed = HealthCheckFeed(check: check)
            feeds.append { post in await feed.run(now: now, emit: post) }
        }
        return feeds
    }
}
