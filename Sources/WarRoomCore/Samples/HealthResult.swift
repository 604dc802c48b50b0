import Foundation

/// One health check made, as the evaluator journals it: the pass or fail its `health.<name>` sample carries, and
/// what the check saw (the answer, how long it took, why it failed), so every war room, a replay and an export can
/// show the same row and explanation.
public struct HealthResult: Sendable, Hashable {
    /// What came back, whether the check passed or not.
    public enum Answer: Sendable, Hashable {
        /// An HTTP answer with its status.
        case http(status: Int)
        /// The command exited by itself with this status.
        case exit(status: Int32)
        /// Nothing within the check's timeout (a command is then killed).
        case timeout
        /// No answer at all: refused, unknown host, connection lost, killed by a signal.
        case none
    }

    /// The check's name, without the `health.` prefix.
    public var check: String
    public var time: Date
    public var passed: Bool
    public var answer: Answer
    /// From the start of the request or command to its answer; nil when not measured (an old journal).
    public var latency: TimeInterval?
    /// Why it failed, in words; nil when it passed.
    public var reason: String?

    /// The longest reason journaled: one result every few seconds must not grow the journal by a page.
    public static let reasonLimit = 160

    public init(check: String, time: Date, passed: Bool, answer: Answer, latency: TimeInterval? = nil, reason: String? = nil) {
        self.check = check
        self.time = time
        self.passed = passed
        self.answer = answer
        self.latency = latency
        self.reason = reason.map { $0.count > Self.reasonLimit ? String($0.prefix(Self.reasonLimit - 1)) + "…" : $0 }
    }

    /// The 0/1 sample rules read (1 = pass).
    public var sample: MetricSample {
        MetricSample(name: HealthCheck.prefix + check, value: passed ? 1 : 0, time: time)
    }

    /// `HTTP 503`, `exit 1`, `timeout`, `no reply`: the last result's column on the screen (at most 8 columns).
    public var answerText: String {
        switch answer {
        case .http(let status): "HTTP \(status)"
        case .exit(let status): "exit \(status)"
        case .timeout: "timeout"
        case .none: "no reply"
        }
    }
}

extension HealthResult: Codable {
    /// Flat and short (`{"check":"ready","t":1795000000.5,"ok":false,"http":503,"ms":12,"why":"…"}`): the evaluator
    /// journals one for every check made.
    private enum CodingKeys: String, CodingKey { case check, t, ok, http, exit, timeout, ms, why }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        check = try container.decode(String.self, forKey: .check)
        time = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .t))
        passed = try container.decode(Bool.self, forKey: .ok)
        if let status = try container.decodeIfPresent(Int.self, forKey: .http) {
            answer = .http(status: status)
        } else if let status = try container.decodeIfPresent(Int32.self, forKey: .exit) {
            answer = .exit(status: status)
        } else if try container.decodeIfPresent(Bool.self, forKey: .timeout) == true {
            answer = .timeout
        } else {
            answer = .none
        }
        latency = try container.decodeIfPresent(Double.self, forKey: .ms).map { $0 / 1000 }
        reason = try container.decodeIfPresent(String.self, forKey: .why)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(check, forKey: .check)
        try container.encode(time.timeIntervalSince1970, forKey: .t)
        try container.encode(passed, forKey: .ok)
        switch answer {
        case .http(let status): try container.encode(status, forKey: .http)
        case .exit(let status): try container.encode(status, forKey: .exit)
        case .timeout: try container.encode(true, forKey: .timeout)
        case .none: break
        }
        // Whole milliseconds: finer says nothing about a health check and costs journal bytes.
        if let latency { try container.encode((latency * 1000).rounded(), forKey: .ms) }
        try container.encodeIfPresent(reason, forKey: .why)
    }
}
