/// A sign-off the release needs, by role.
public struct Approval: Sendable, Codable, Hashable {
    public var role: String
    public var name: String?
    public var approved: Bool
    /// When it was given, `YYYY-MM-DD`.
    public var date: String?

    public init(role: String, name: String? = nil, approved: Bool = false, date: String? = nil) {
        self.role = role
        self.name = name
        self.approved = approved
        self.date = date
    }
}
