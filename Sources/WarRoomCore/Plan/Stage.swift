import Foundation

/// The rollout strategy a plan follows.
public enum Strategy: String, Sendable, Codable, Hashable, CaseIterable {
    case bigBang = "big-bang"
    case canary
    case blueGreen = "blue-green"
    case featureFlag = "feature-flag"
}

/// One rollout stage: its share of traffic, how long it must run, and which metrics gate it.
public struct Stage: Sendable, Codable, Hashable {
    public var name: String
    /// Percentage of traffic (or of flag audience) on the new version, when the stage has one.
    public var traffic: Double?
    public var minDuration: TimeInterval
    /// Metrics that must be OK and fresh before promoting past this stage.
    public var gateMetrics: [String]

    public init(name: String, traffic: Double?, minDuration: TimeInterval, gateMetrics: [String]) {
        self.name = name
        self.traffic = traffic
        self.minDuration = minDuration
        self.gateMetrics = gateMetrics
    }
}
