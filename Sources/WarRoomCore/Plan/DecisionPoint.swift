import Foundation

/// A scheduled go / no-go moment, relative to T0.
public struct DecisionPoint: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    /// Seconds after T0.
    public var offset: TimeInterval
    public var title: String

    public init(id: String, offset: TimeInterval, title: String) {
        self.id = id
        self.offset = offset
        self.title = title
    }

    /// The four decision points of the seed release plan.
    public static let standard: [DecisionPoint] = [
        DecisionPoint(id: "T+15m", offset: 15 * 60, title: "Initial health check"),
        DecisionPoint(id: "T+1h", offset: 3600, title: "Stability assessment"),
        DecisionPoint(id: "T+4h", offset: 4 * 3600, title: "Full metrics review"),
        DecisionPoint(id: "T+24h", offset: 24 * 3600, title: "Complete evaluation"),
    ]
}

/// What was decided at a decision point.
public enum Verdict: String, Sendable, Codable, Hashable, CaseIterable {
    case go
    case noGo = "no-go"
    case rollback
}
