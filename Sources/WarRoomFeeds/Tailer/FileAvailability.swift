/// Whether a followed path could be read at the last poll, and if not, why.
public enum FileAvailability: Sendable, Hashable {
    case readable
    /// Nothing at the path (an already-open, renamed file may still be read to its end meanwhile).
    case missing
    /// Something is at the path but it cannot be opened or read: `reason` says why, in lower case ("permission
    /// denied", "is a directory").
    case unreadable(reason: String)
}
