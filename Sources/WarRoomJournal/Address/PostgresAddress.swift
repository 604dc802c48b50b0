import Foundation

/// A PostgreSQL database as libpq's connection URIs name it:
/// `postgresql://[user[:password]@][host][:port][/dbname][?sslmode=…&sslrootcert=…&connect_timeout=…]`.
/// What the URL leaves out comes from the standard `PG*` environment variables, then libpq's defaults. The password
/// is kept for connecting only: ``redacted`` and every message leave it out.
public struct PostgresAddress: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// A PEM file of the certificate authorities `verify-ca` and `verify-full` trust, instead of the system's.
    public var rootCertificate: String?
    public var connectTimeout: Int?

    /// libpq's `sslmode`, less `allow` (which tries plain first, a downgrade no war room needs).
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A URL that cannot name a database, in words that say what to write instead.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(url: String, environment: [String: String]) throws(Problem) {
        guard let schemeEnd = url.range(of: "://") else { throw Problem(description: "not a postgresql:// URL") }
        var rest = Substring(url[schemeEnd.upperBound...])
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var user: String?, password: String?
        if let userInfo {
            let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            user = try Self.decoded(parts[0], "user")
            if parts.count == 2 { password = try Self.decoded(parts[1], "password") }
        }
        let (host, port) = try Self.hostAndPort(rest)
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw Problem(description: "parameter '\(parts[0])' has no value (write \(parts[0])=…)") }
            parameters[try Self.decoded(parts[0], "parameter")] = try Self.decoded(parts[1], "parameter")
        }
        let known: Set = ["sslmode", "sslrootcert", "connect_timeout", "user", "password", "host", "port", "dbname"]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(description: "unknown parameter '\(unknown)'; known: \(known.sorted().joined(separator: ", "))")
        }

        func value(_ parameter: String, _ fromURL: String?, _ variable: String) -> String? {
            let given = parameters[parameter] ?? fromURL
            if let given, !given.isEmpty { return given }
            return environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        self.host = value("host", host, "PGHOST") ?? "localhost"
        let portText = value("port", port, "PGPORT") ?? "5432"
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw Problem(description: "port '\(portText)' is not a port number (1 to 65535)")
        }
        self.port = port
        self.user = value("user", user, "PGUSER") ?? environment["USER"] ?? "postgres"
        self.password = value("password", password, "PGPASSWORD")
        self.database = value("dbname", path.isEmpty ? nil : try Self.decoded(path, "database name"), "PGDATABASE") ?? self.user
        let mode = value("sslmode", nil, "PGSSLMODE") ?? "prefer"
        guard let tls = TLSMode(rawValue: mode) else {
            throw Problem(description: "sslmode '\(mode)' is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.tls = tls
        rootCertificate = value("sslrootcert", nil, "PGSSLROOTCERT")
        if let timeout = value("connect_timeout", nil, "PGCONNECT_TIMEOUT") {
            guard let seconds = Int(timeout), seconds >= 0 else {
                throw Problem(description: "connect_timeout '\(timeout)' is not a number of seconds")
            }
            connectTimeout = seconds
        }
    }

    /// The URL as messages show it: everything but the password.
    public var redacted: String {
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        var url = "postgresql://\(Self.encoded(user))@\(host):\(port)/\(Self.encoded(database))"
        if tls != .prefer { url += "?sslmode=\(tls.rawValue)" }
        return url
    }

    private static func hostAndPort(_ text: Substring) throws(Problem) -> (String?, String?) {
        guard !text.isEmpty else { return (nil, nil) }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw Problem(description: "an IPv6 host needs its closing ']'") }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw Problem(description: "expected ':port' after ']'") }
            return (host, after.isEmpty ? nil : String(after.dropFirst()))
        }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].contains(",") || parts[0].contains(",") {
            throw Problem(description: "several hosts are not supported: name one")
        }
        return (parts[0].isEmpty ? nil : try decoded(parts[0], "host"), parts.count == 2 ? String(parts[1]) : nil)
    }

    private static func decoded(_ text: Substring, _ what: String) throws(Problem) -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw Problem(description: "the \(what) has a broken %-escape")
        }
        return decoded
    }

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}
