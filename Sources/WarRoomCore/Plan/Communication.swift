import Foundation

/// How the release is talked about: where, how often, and whom to call when it goes wrong.
public struct Communication: Sendable, Codable, Hashable {
    public var channel: String?
    /// How often a status update is due.
    public var cadence: TimeInterval?
    /// Whom to escalate to, first to last.
    public var escalation: [String]
    public var stakeholders: [Stakeholder]
    /// Whether `run` sends the plan's notifications (`send_notifications: true`); otherwise only `--notify` makes it,
    /// and the comms view shows what would be sent.
    public var sendNotifications: Bool
    /// Where a posted status update may also be written (appended), relative to the plan's directory.
    public var updatesFile: String?

    public init(channel: String? = nil, cadence: TimeInterval? = nil, escalation: [String] = [], stakeholders: [Stakeholder] = [],
                sendNotifications: Bool = false, updatesFile: String? = nil) {
        self.channel = channel
        self.cadence = cadence
        self.escalation = escalation
        self.stakeholders = stakeholders
        self.sendNotifications = sendNotifications
        self.updatesFile = updatesFile
    }

    public var isEmpty: Bool {
        channel == nil && cadence == nil && escalation.isEmpty && stakeholders.isEmpty && !sendNotifications && updatesFile == nil
    }

    /// The escalation path in words: `on-call → Priya Raman → VP Engineering`; nil when the plan names none.
    public var escalationPath: String? { escalation.isEmpty ? nil : escalation.joined(separator: " → ") }

    private enum CodingKeys: String, CodingKey {
        case channel, cadence, escalation, stakeholders, sendNotifications, updatesFile
    }

    /// Journals from before notifications decode without them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(channel: try container.decodeIfPresent(String.self, forKey: .channel),
                  cadence: try container.decodeIfPresent(TimeInterval.self, forKey: .cadence),
                  escalation: try container.decodeIfPresent([String].self, forKey: .escalation) ?? [],
                  stakeholders: try container.decodeIfPresent([Stakeholder].self, forKey: .stakeholders) ?? [],
                  sendNotifications: try container.decodeIfPresent(Bool.self, forKey: .sendNotifications) ?? false,
                  updatesFile: try container.decodeIfPresent(String.self, forKey: .updatesFile))
    }
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
