import WarRoomCore
import Yams

extension PlanDecoder {
    static let healthKeys = ["name", "kind", "url", "command", "interval", "timeout", "failure_threshold",
                             "expect_status", "expect_body", "token"]

    /// `health_checks:`, each a URL or a command polled on an interval; rules read them as `health.<name>`.
    mutating func decodeHealthChecks(_ node: Node) -> [NamedEntry<HealthCheck>] {
        decodeNamed(node, key: "health_checks", kind: "health check", keys: Self.healthKeys) { decoder, check, name in
            decoder.decodeHealthCheck(check, name: name)
        }
    }

    private mutating func decodeHealthCheck(_ check: MappingReader, name: String) -> HealthCheck? {
        checkWord(name, kind: "health check", at: check.value("name")?.textPosition)
        let kind = check.optionalChoice("kind", HealthCheck.Kind.self, sink: &sink)
        let (interval, timeout) = decodeSchedule(check, interval: 10, timeout: 5)
        if check.value("failure_threshold") != nil { writtenThresholds.insert(name) }
        let threshold = check.optionalInteger("failure_threshold", sink: &sink) ?? 3
        if threshold < 1, let node = check.value("failure_threshold") {
            sink.error("'failure_threshold' must be 1 or more, found \(threshold)", at: node)
        }
        let probe: HealthCheck.Probe?
        switch (check.value("url"), check.value("command")) {
        case (let url?, nil):
            let statuses = check.value("expect_status").flatMap { decodeStatuses($0) } ?? 200...299
            let body = check.optionalString("expect_body", sink: &sink)
            let token = check.value("token").flatMap { sink.secret($0, "token", environment: environment) }
            probe = sink.url(url, "url").map { .http(url: $0, statuses: statuses, bodyContains: body, token: token) }
        case (nil, let command?):
            for key in ["expect_status", "expect_body", "token"] where check.contains(key) {
                sink.error("'\(key)' is for URL checks; a command passes when it exits 0", at: check.keyMark(key))
            }
            probe = sink.string(command, "command").map { .command($0) }
        case (.some, .some):
            sink.error("health check '\(name)' has both 'url' and 'command'; a check is one of them",
                       at: check.keyMark("command"), hint: "split it into two checks with their own names")
            probe = nil
        case (nil, nil):
            sink.error("health check '\(name)' has neither 'url' nor 'command'", at: check.position,
                       hint: "add url: http://127.0.0.1:8080/health/ready, or command: ./smoke.sh")
            probe = nil
        }
        return probe.map { HealthCheck(name: name, kind: kind, probe: $0, interval: interval, timeout: timeout, failureThreshold: threshold) }
    }

    /// `200`, `2xx` or `200-399`.
    private mutating func decodeStatuses(_ node: Node) -> ClosedRange<Int>? {
        guard let text = sink.string(node, "expect_status") else { return nil }
        var range: ClosedRange<Int>?
        if let code = Int(text) {
            range = code...code
        } else if let match = text.wholeMatch(of: #/([1-5])xx/#), let hundreds = Int(match.1) {
            range = (hundreds * 100)...(hundreds * 100 + 99)
        } else if let match = text.wholeMatch(of: #/(\d{3})\s*-\s*(\d{3})/#), let low = Int(match.1), let high = Int(match.2), low <= high {
            range = low...high
        }
        guard let range, range.lowerBound >= 100, range.upperBound <= 599 else {
            sink.error("expected an HTTP status such as 200, 2xx or 200-399 for 'expect_status', found '\(text)'", at: node)
            return nil
        }
        return range
    }
}
