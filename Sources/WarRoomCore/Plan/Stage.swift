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
    /// Metrics that must be OK and fresh before promoting past this stage; ``judgeGate`` asks the canary judge to PASS.
    public var gateMetrics: [String]

    /// The gate word that stands for the canary judge's verdict.
    public static let judgeGate = "judge"
    /// Blue-green: promoting into this stage moves all traffic from blue to green.
    public var switchesTraffic: Bool

    public init(name: String, traffic: Double?, minDuration: TimeInterval, gateMetrics: [String], switchesTraffic: Bool = false) {
        self.name = name
        self.traffic = traffic
        self.minDuration = minDuration
        self.gateMetrics = gateMetrics
        self.switchesTraffic = switchesTraffic
    }
}

extension Stage {
    private enum CodingKeys: String, CodingKey {
        case name, traffic, minDuration, gateMetrics, switchesTraffic
    }

    /// A stage stored by an older journal has no `switchesTraffic`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name),
                  traffic: try container.decodeIfPresent(Double.self, forKey: .traffic),
                  minDuration: try container.decode(TimeInterval.self, forKey: .minDuration),
                  gateMetrics: try container.decode([String].self, forKey: .gateMetrics),
                  switchesTraffic: try container.decodeIfPresent(Bool.self, forKey: .switchesTraffic) ?? false)
    }
}
