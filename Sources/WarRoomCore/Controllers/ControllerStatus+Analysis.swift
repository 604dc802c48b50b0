import Foundation

extension ControllerStatus {
    /// The analysis the controller runs for the current step (Argo Rollouts' AnalysisRun): its verdict so far and,
    /// when the run itself was read, each metric's latest measurement.
    public struct Analysis: Sendable, Hashable, Codable {
        /// The AnalysisRun's name, which `kubectl get analysisrun NAME` reads.
        public var name: String
        public var phase: AnalysisPhase
        public var message: String?
        /// In the run's order, at most ``ControllerStatus/metricLimit``; empty when only the rollout was read.
        public var metrics: [Metric]

        public init(name: String, phase: AnalysisPhase, message: String? = nil, metrics: [Metric] = []) {
            self.name = name
            self.phase = phase
            self.message = message
            self.metrics = metrics
        }
    }

    /// One metric of an analysis: its verdict so far, and the newest measurement that finished.
    public struct Metric: Sendable, Hashable, Codable {
        public var name: String
        public var phase: AnalysisPhase
        public var latest: Measurement?

        public init(name: String, phase: AnalysisPhase, latest: Measurement? = nil) {
            self.name = name
            self.phase = phase
            self.latest = latest
        }
    }

    /// One measurement as the provider answered it: the value is text (`[0.9958]` for a Prometheus vector), shown
    /// as written rather than read as a number the plan's rules would then trust.
    public struct Measurement: Sendable, Hashable, Codable {
        public var phase: AnalysisPhase
        public var value: String?
        /// When it finished (or started, while it runs).
        public var time: Date?

        public init(phase: AnalysisPhase, value: String? = nil, time: Date? = nil) {
            self.phase = phase
            self.value = value
            self.time = time
        }
    }
}

/// The phase of an analysis, a metric or one measurement, in Argo Rollouts' words. A word this version does not
/// know is kept, not refused: a newer controller must not make the whole status unreadable.
public enum AnalysisPhase: RawRepresentable, Sendable, Hashable, Codable {
    case pending, running, successful, failed, error, inconclusive
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        // A run the controller has just created has an empty phase.
        case "Pending", "": self = .pending
        case "Running": self = .running
        case "Successful": self = .successful
        case "Failed": self = .failed
        case "Error": self = .error
        case "Inconclusive": self = .inconclusive
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .pending: "Pending"
        case .running: "Running"
        case .successful: "Successful"
        case .failed: "Failed"
        case .error: "Error"
        case .inconclusive: "Inconclusive"
        case .other(let text): text
        }
    }

    /// Written as the word itself, as Argo writes it.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether it has its verdict (Argo Rollouts' `Completed()`).
    public var isCompleted: Bool {
        switch self {
        case .successful, .failed, .error, .inconclusive: true
        case .pending, .running, .other: false
        }
    }
}
