/// One entry of the risk register.
public struct Risk: Sendable, Codable, Hashable, Identifiable {
    public enum Category: String, Sendable, Codable, Hashable, CaseIterable {
        case technical, dependency, userExperience = "user_experience", operational, security, compliance, business, other
    }

    public enum Status: String, Sendable, Codable, Hashable, CaseIterable {
        case open, mitigated, closed
    }

    public var id: String
    public var risk: String
    public var category: Category?
    public var likelihood: RiskLevel?
    public var impact: RiskLevel?
    public var mitigation: String?
    public var owner: String?
    public var status: Status

    public init(id: String, risk: String, category: Category? = nil, likelihood: RiskLevel? = nil, impact: RiskLevel? = nil,
                mitigation: String? = nil, owner: String? = nil, status: Status = .open) {
        self.id = id
        self.risk = risk
        self.category = category
        self.likelihood = likelihood
        self.impact = impact
        self.mitigation = mitigation
        self.owner = owner
        self.status = status
    }
}
