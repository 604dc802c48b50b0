/// What a feed says about itself: working, failing, and how many lines it could not parse.
public struct SourceReport: Sendable, Hashable, Codable {
    public var source: String
    /// nil while healthy; otherwise what is wrong, in words a person can act on.
    public var failure: String?
    public var malformedLines: Int
    public var lastMalformed: String?

    public init(source: String, failure: String? = nil, malformedLines: Int = 0, lastMalformed: String? = nil) {
        self.source = source
        self.failure = failure
        self.malformedLines = malformedLines
        self.lastMalformed = lastMalformed
    }
}
