import Foundation
import WarRoomCore

/// Polls one health check: an HTTP GET, or a shell command that passes on exit status 0. Every check made is a
/// result: a sample of `health.<name>`, 1 when it passes, 0 when it fails (what `fails N consecutive` counts), with
/// the answer (HTTP status, exit status, timeout), its latency and why it failed. A `.source`
/// report named after the series follows whenever the outcome changes, with the reason of the failure: the
/// status, the missing body text, a timeout, a refused connection, the command's exit status and first error line.
public struct HealthCheckFeed: Sendable {
    public let check: HealthCheck

    private let environment: [String: String]
    private let client: HTTPClient
    private var health: FeedHealth

    /// Most bytes a command check may print on each stream; a check that says more is broken, not passing.
    static let commandOutputLimit = 64 * 1024

    /// The token of an HTTP check is looked up in `environment` for each check and goes nowhere but the request
    /// header.
    public init(check: HealthCheck, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.check = check
        self.environment = environment
        self.client = HTTPClient(timeout: check.timeout)
        self.health = FeedHealth(source: check.metricName)
    }

    /// One check: its result stamped `now` (its 0/1 sample with what it saw and how long it took), then a report if
    /// the outcome changed. When the check cannot be made at all (a bad URL, an unset token variable) there is no
    /// result, only the report: that says nothing about the service, and a stale series does not pass for a failing one.
    public mutating func checkOnce(now: Date) async -> [Event] {
        var events: [Event] = []
        let failure: String?
        let started = ContinuousClock.now
        let outcome = await outcome()
        let latency = Self.seconds(ContinuousClock.now - started)
        switch outcome {
        case .passed(let answer):
            failure = nil
            events.append(.health(HealthResult(check: check.name, time: now, passed: true, answer: answer, latency: latency)))
        case .failed(let answer, let reason):
            failure = reason
            events.append(.health(HealthResult(check: check.name, time: now, passed: false, answer: answer, latency: latency,
                                               reason: redacted(reason))))
        case .notMade(let reason):
            failure = reason
        }
        let described = failure.map { "health check \(check.name): \(redacted($0))" }
        if let report = health.report(failure: described) { events.append(.source(report)) }
        return events
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }

    /// Checks every `interval` (measured start to start) until the task is cancelled.
    public func run(now: @escaping @Sendable () -> Date, emit: @escaping @Sendable (Event) -> Void) async {
        var feed = self
        await Polling.every(.seconds(check.interval), emit: emit) { await feed.checkOnce(now: now()) }
    }

    private enum Outcome {
        case passed(HealthResult.Answer)
        case failed(HealthResult.Answer, String)
        case notMade(String)
    }

    private func outcome() async -> Outcome {
        switch check.probe {
        case .http(let url, let statuses, let bodyContains, let token):
            await outcome(get: url, statuses: statuses, bodyContains: bodyContains, token: token)
        case .command(let line):
            await outcome(run: line)
        }
    }

    private func outcome(get url: String, statuses: ClosedRange<Int>, bodyContains: String?, token: SecretReference?) async -> Outcome {
        guard let target = URL(string: url), let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            return .notMade("the URL \"\(url)\" is not an http:// or https:// URL")
        }
        var bearer: String?
        if let token {
            guard let value = token.resolve(in: environment) else {
                return .notMade("the token variable \(token.variable) is not set — export it before starting warroom")
            }
            bearer = value
        }
        switch await client.get(target, bearerToken: bearer) {
        case .failure(let failure):
            let answer: HealthResult.Answer = switch failure {
            case .timedOut: .timeout
            case .cannotConnect, .unknownHost, .connectionLost, .tls, .other: .none
            }
            return .failed(answer, failure.description)
        case .success(let response):
            let answer = HealthResult.Answer.http(status: response.status)
            return Self.failure(of: response, statuses: statuses, bodyContains: bodyContains).map { .failed(answer, $0) } ?? .passed(answer)
        }
    }

    /// A command that could not be started says nothing about the service, like an HTTP check never made.
    private func outcome(run line: String) async -> Outcome {
        let command = ShellCommand(line, timeout: .milliseconds(Int64(check.timeout * 1000)), outputLimit: Self.commandOutputLimit)
        let outcome = await command.run()
        let answer: HealthResult.Answer = switch outcome {
        case .finished(.exited(let status), _, _): .exit(status: status)
        case .timedOut: .timeout
        case .finished(.signalled, _, _), .couldNotRun: .none
        }
        switch (outcome, outcome.failure) {
        case (.couldNotRun, let reason?): return .notMade(reason)
        case (_, let reason?): return .failed(answer, reason)
        case (_, nil): return .passed(answer)
        }
    }

    /// Why an answer fails the check, nil when it passes: its status must be in `statuses`, and its body must
    /// contain `bodyContains` when that is set.
    static func failure(of response: HTTPResponse, statuses: ClosedRange<Int>, bodyContains: String?) -> String? {
        guard statuses.contains(response.status) else {
            let expected = statuses.count == 1 ? "\(statuses.lowerBound)" : "\(statuses.lowerBound)…\(statuses.upperBound)"
            return "HTTP \(response.status), expected \(expected)" + (response.excerpt.isEmpty ? "" : ": \(response.excerpt)")
        }
        if let bodyContains, !response.text.contains(bodyContains) {
            return "HTTP \(response.status) but the body lacks \"\(bodyContains)\""
                + (response.excerpt.isEmpty ? " (empty body)" : "; it starts \"\(response.excerpt)\"")
        }
        return nil
    }

    /// A server may echo a request back in its body; the token must not reach the screen or the journal.
    private func redacted(_ text: String) -> String {
        guard case .http(_, _, _, let token?) = check.probe, let value = token.resolve(in: environment) else { return text }
        return text.replacingOccurrences(of: value, with: token.description)
    }
}
