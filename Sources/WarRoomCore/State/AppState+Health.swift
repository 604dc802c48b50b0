import Foundation

extension AppState {
    /// Every health check of the plan, in the plan's order.
    public var healthReadings: [HealthReading] { plan.healthChecks.map(healthReading(of:)) }

    /// The check as the journal has it now.
    public func healthReading(of check: HealthCheck) -> HealthReading {
        let series = self.series[check.metricName] ?? Series()
        let latest = series.latest
        let last = self.healthResults[check.name]?.last.flatMap { $0.time == latest?.time ? $0 : nil }
        let age = latest.map { max(0, now.timeIntervalSince($0.time)) }
        let status: HealthStatus = switch (latest, age) {
        case (nil, _), (_, nil): .noData
        case (_, let age?) where age > check.staleAfter: .stale
        case (let point?, _): point.value >= 0.5 ? .ok : .failing
        }
        let failures = Self.trailingFailures(in: series)
        // The feed's report says why a check could not be made at all (a bad URL, an unset token), and why it
        // failed in journals from before results were journaled whole.
        let reported = self.sources[check.metricName]?.failure.map { failure in
            let prefix = "health check \(check.name): "
            return failure.hasPrefix(prefix) ? String(failure.dropFirst(prefix.count)) : failure
        }
        let reason = (failures > 0 ? last?.reason : nil) ?? reported
        return HealthReading(check: check, status: status, last: last, failures: failures, threshold: failureThreshold(of: check),
                             age: age, reason: reason)
    }

    /// The fewest failures in a row a trigger reading the check needs, else the check's own `failure_threshold`.
    func failureThreshold(of check: HealthCheck) -> Int {
        let counts = plan.triggers.compactMap { rule -> Int? in
            switch rule.condition {
            case .failureStreak(let kind) where kind.check == check.metricName: kind.count
            case .failureStreak, .threshold, .judgeScore, .judgeStreak, .burnRate: nil
            }
        }
        return counts.min() ?? check.failureThreshold
    }
}
