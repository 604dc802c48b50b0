import Foundation
import WarRoomCore
import WarRoomPlan

/// What the soak feeds the war room: ten metrics sampled once a second each, and a busy log.
///
/// The values wander with the time of day and a little noise, at full Double precision (a Prometheus value's); twice a
/// day the error rate and p99 latency spike for ten minutes, so triggers go pending, fire and resolve as on a real
/// day. The log has `linesPerSecond` lines a second of about 100 bytes, the whole line as a tailed plain log gives it:
/// one in 500 an ERROR, one in 50 a WARN, the rest INFO.
final class SoakTraffic {
    let t0: Date
    let linesPerSecond: Int
    /// The log's name in the plan.
    static let log = "orders-api"

    /// Everything up to this time has been fed.
    private var fedThrough: Date
    private(set) var linesFed = 0
    private(set) var samplesFed = 0

    init(t0: Date, linesPerSecond: Int) {
        self.t0 = t0
        self.linesPerSecond = linesPerSecond
        fedThrough = t0
    }

    /// A plan like a real service's: ten metrics from one file source, one log journaled at the default rate (no
    /// `journal_rate`), triggers on most metrics. Built here rather than in `fixtures/plans`, whose plans are tested
    /// and summarised one by one.
    static func plan() throws -> Plan {
        try PlanLoader.load(text: planText, file: "soak-plan.yaml")
    }

    /// The metrics, in the plan's order, with the level each wanders around.
    private static let metrics: [(name: String, level: Double, daily: Double, noise: Double)] = [
        ("error_rate", 0.3, 0.05, 0.08),
        ("p99_latency", 180, 25, 12),
        ("p50_latency", 42, 6, 3),
        ("throughput", 1150, 250, 40),
        ("cpu_usage", 45, 12, 4),
        ("memory_usage", 62, 3, 1.5),
        ("db_pool_usage", 35, 10, 5),
        ("queue_depth", 120, 60, 35),
        ("cache_hit_rate", 94, 1, 0.8),
        ("gc_pause", 8, 2, 2.5),
    ]

    static var metricCount: Int { metrics.count }

    /// The feed events with times in (last call's `now`, `now`]: each whole second's ten samples, and the log's lines
    /// in one batch, as a log feed sends one batch per read.
    func events(through now: Date) -> [Event] {
        guard now > fedThrough else { return [] }
        defer { fedThrough = now }
        var events: [Event] = []
        let from = fedThrough.timeIntervalSince(t0), through = now.timeIntervalSince(t0)
        // Whole seconds in (from, through]: the samples.
        var second = Int(from.rounded(.down)) + 1
        while Double(second) <= through {
            let time = t0.addingTimeInterval(Double(second))
            for (index, metric) in Self.metrics.enumerated() {
                events.append(.sample(MetricSample(name: metric.name, value: value(index, at: second), time: time)))
            }
            samplesFed += Self.metrics.count
            second += 1
        }
        // Line n is dated n / linesPerSecond after T0; those in (from, through].
        guard linesPerSecond > 0 else { return events }
        let rate = Double(linesPerSecond)
        var batch = LogBatch()
        var line = Int((from * rate).rounded(.down)) + 1
        while Double(line) / rate <= through {
            let logLine = self.line(line)
            batch.lines.append(logLine)
            batch.lineCount += 1
            if logLine.level.isError {
                batch.errorCount += 1
                batch.errorSeconds.add(logLine.time)
            }
            line += 1
        }
        linesFed += batch.lineCount
        if batch.lineCount > 0 { events.append(.logs(batch)) }
        return events
    }

    /// Metric `index` at `second` after T0.
    private func value(_ index: Int, at second: Int) -> Double {
        let metric = Self.metrics[index]
        let day = sin(2 * Double.pi * Double(second) / 86_400)
        var value = metric.level + metric.daily * day + metric.noise * Self.noise(UInt64(index), UInt64(second))
        // Ten minutes of trouble at T+2h and T+14h: errors and latency up, enough to fire their triggers.
        if (7_200..<7_800).contains(second % 43_200) {
            switch metric.name {
            case "error_rate": value += 2.4
            case "p99_latency": value += 260
            case "p50_latency": value += 30
            default: break
            }
        }
        // A queue's depth is a whole number.
        return max(metric.name == "queue_depth" ? value.rounded() : value, 0)
    }

    /// A distinct line each time, as a real log has, with a fresh heap string like a tailed line's.
    private func line(_ number: Int) -> LogLine {
        let time = t0.addingTimeInterval(Double(number) / Double(linesPerSecond))
        let hash = Self.mix(UInt64(number))
        let id = hash % 100_000, took = 5 + (hash >> 20) % 400, user = (hash >> 40) % 10_000
        let trace = String(hash >> 1, radix: 16)
        let level: LogLevel, text: String
        if number % 500 == 499 {
            level = .error
            text = number % 1000 == 999 ? "upstream timed out after 800ms (inventory) order=\(id) user=u-\(user) trace=\(trace)"
                                        : "POST /api/orders 502 \(2000 + took)ms order=\(id) user=u-\(user) trace=\(trace)"
        } else if number % 50 == 24 {
            level = .warn
            text = "slow query orders.by_customer took \(500 + took)ms user=u-\(user) trace=\(trace)"
        } else {
            level = .info
            text = "GET /api/orders/\(id) 200 \(took)ms user=u-\(user) trace=\(trace)"
        }
        return LogLine(time: time, level: level, text: Self.timestamp(time) + " " + level.label + " " + text, source: Self.log)
    }

    /// `2026-12-06T15:00:00.050Z`, as a plain log line starts.
    private static func timestamp(_ time: Date) -> String {
        let seconds = time.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&whole, &parts)
        let millis = Int(((seconds - seconds.rounded(.down)) * 1000).rounded()) % 1000
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }

    /// Noise in [-1, 1], a pure function of its inputs.
    private static func noise(_ stream: UInt64, _ step: UInt64) -> Double {
        Double(mix(stream &* 0x9E37_79B9_7F4A_7C15 ^ step) >> 11) / Double(1 << 53) * 2 - 1
    }

    /// SplitMix64's finaliser.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let planText = """
        release:
          name: orders-api
          version: 3.9.0
          owner: Priya Raman
          on_call:
            name: Tomás Villanueva
            contact: PagerDuty orders-primary

        strategy: canary

        stages:
          - name: Canary 5%
            traffic: 5%
            min_duration: 15m
            gate: [error_rate, p99_latency]
          - name: Canary 25%
            traffic: 25%
            min_duration: 1h
            gate: [error_rate, p99_latency, throughput]
          - name: Full rollout
            traffic: 100%

        sources:
          - name: app
            file: metrics.jsonl

        logs:
          - name: orders-api
            path: orders-api.log
            errors: "panic:|upstream timed out"

        metrics:
          - { name: error_rate, unit: "%", source: app, baseline: 0.3, success: "< 0.8", alert: "> 2" }
          - { name: p99_latency, unit: ms, source: app, baseline: 180, success: "< 250", alert: "> 400" }
          - { name: p50_latency, unit: ms, source: app, baseline: 42, success: "< 60", alert: "> 120" }
          - { name: throughput, unit: rps, source: app, baseline: 1150, success: "> 700", alert: "< 500" }
          - { name: cpu_usage, unit: "%", source: app, baseline: 45, success: "< 70", alert: "> 90" }
          - { name: memory_usage, unit: "%", source: app, baseline: 62, success: "< 80", alert: "> 92" }
          - { name: db_pool_usage, unit: "%", source: app, baseline: 35, success: "< 70", alert: "> 90" }
          - { name: queue_depth, source: app, baseline: 120, success: "< 1000", alert: "> 5000" }
          - { name: cache_hit_rate, unit: "%", source: app, baseline: 94, success: "> 90", alert: "< 80" }
          - { name: gc_pause, unit: ms, source: app, baseline: 8, success: "< 25", alert: "> 60" }

        triggers:
          - error_rate > 2% for 5m
          - avg(error_rate, 10m) > 1%
          - p99_latency > 400ms for 5m
          - throughput < 500rps for 5m
          - cpu_usage > 90% for 10m
          - memory_usage > 92% for 5m
          - queue_depth > 5000 for 5m
          - cache_hit_rate < 80% for 10m

        rollback:
          steps:
            - Abort the rollout
            - Confirm the stable version serves all traffic

        checklist:
          launch_day:
            - Smoke tests pass against the canary
        """
}
