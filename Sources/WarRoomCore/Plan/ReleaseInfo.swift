import Foundation

/// Who and what is being released, and when.
public struct ReleaseInfo: Sendable, Codable, Hashable {
    public var name: String
    public var version: String
    public var type: ReleaseType
    public var risk: RiskLevel?
    public var owner: String
    /// The on-call engineer's name.
    public var onCall: String
    /// How to reach the on-call engineer (pager, phone, handle), shown beside the name.
    public var onCallContact: String?
    /// Scheduled T0; nil means the release starts when someone presses `s`.
    public var start: Date?
    /// The team's time zone (IANA, `Europe/Berlin`): the plan's local times are read in it and summaries show it.
    public var timeZone: String?

    public init(name: String, version: String, type: ReleaseType = .standard, risk: RiskLevel? = nil,
                owner: String, onCall: String, onCallContact: String? = nil, start: Date? = nil, timeZone: String? = nil) {
        self.name = name
        self.version = version
        self.type = type
        self.risk = risk
        self.owner = owner
        self.onCall = onCall
        self.onCallContact = onCallContact
        self.start = start
        self.timeZone = timeZone
    }

    /// `Sam Ortiz (pager +1-555-0100)`, or the name alone.
    public var onCallDescription: String {
        guard let contact = onCallContact, !contact.isEmpty else { return onCall }
        return onCall.isEmpty ? contact : "\(onCall) (\(contact))"
    }
}

/// The kinds of release the seed plans distinguish.
public enum ReleaseType: String, Sendable, Codable, Hashable, CaseIterable {
    case standard, hotfix, emergency
}

/// A judged level of risk: of the whole release, or of one entry in the risk register.
public enum RiskLevel: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case low, medium, high, critical

    public static func < (lhs: RiskLevel, rhs: RiskLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
