/// Where a journal lives: a SQLite file, or a PostgreSQL database that many war rooms on many machines share.
public enum JournalAddress: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(PostgresAddress)

    /// Reads what `--journal` was given: a `postgresql://` or `postgres://` URL (with the `PG*` environment variables
    /// filling what it leaves out), or else a file path.
    public static func parse(_ text: String, environment: [String: String]) throws(PostgresAddress.Problem) -> JournalAddress {
        guard PostgresAddress.isURL(text) else { return .sqlite(path: text) }
        return .postgres(try PostgresAddress(url: text, environment: environment))
    }

    /// How messages name it: the path, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let address): address.redacted
        }
    }
}
