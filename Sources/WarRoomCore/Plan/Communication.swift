import Foundation

/// How the release is talked about: where, how often, and whom to call when it goes wrong.
public struct Communication: Sendable, Codable, Hashable {
    public var channel: String?
    /// How often a status update is due.
    public var cadence: TimeInterval?
    /// Whom to escalate to, first to last.
    public var escalation: [String]
    public var stakeholders: [Stakeholder]

    public init(channel: String? = nil, cadence: TimeInterval? = nil, escalation: [String] = [], stakeholders: [Stakeholder] = []) {
        self.channel = channel
        self.cadence = cadence
        self.escalation = escalation
        self.stakeholders = stakeholders
    }

    public var isEmpty: Bool { channel == nil && cadence == nil && escalation.isEmpty && stakeholders.isEmpty }
}

/// A group kept informed, and how.
public struct Stakeholder: Sendable, Codable, Hashable {
    public var who: String
    public var method: String?
    public var frequency: String?
    public var owner: String?

    public init(who: String, method: String? = nil, frequency: String? = nil, owner: String? = nil) {
        self.who = who
        self.method = method
        self.frequency = frequency
        self.owner = owner
    }
}
