import Foundation

extension URL {
    /// Scheme, host, port and path only: user info and query strings can hold credentials, and reports are
    /// shown on screen and kept in the journal.
    var displayed: String {
        guard var components = URLComponents(url: self, resolvingAgainstBaseURL: false) else { return "(unprintable URL)" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "(unprintable URL)"
    }
}
