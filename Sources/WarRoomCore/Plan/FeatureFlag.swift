/// A feature flag the release touches, from the plan's flag list.
public struct FeatureFlag: Sendable, Codable, Hashable, Identifiable {
    public var name: String
    public var description: String?
    /// The state before the release; nil when the plan does not say.
    public var defaultOn: Bool?
    /// How the flag is rolled out, as written (`1% → 10% → 100%`).
    public var rollout: String?
    public var owner: String?
    /// The day the flag should be gone, `YYYY-MM-DD`.
    public var cleanup: String?

    public var id: String { name }

    public init(name: String, description: String? = nil, defaultOn: Bool? = nil, rollout: String? = nil,
                owner: String? = nil, cleanup: String? = nil) {
        self.name = name
        self.description = description
        self.defaultOn = defaultOn
        self.rollout = rollout
        self.owner = owner
        self.cleanup = cleanup
    }
}
