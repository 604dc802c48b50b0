import Foundation

/// What a server answered to one request: the status, the body (a POST's answer only its start) and the headers,
/// their names lower-cased, a repeated header's values joined by `, `.
struct HTTPResponse: Sendable, Hashable {
    var status: Int
    var body: Data
    var headers: [String: String] = [:]

    /// The body as text, with invalid UTF-8 replaced, for `contains` checks and error messages.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first line of the body, cut short, so an HTML error page does not flood a one-line report.
    ///
    /// Only the body's start is decoded: a line longer than that is cut anyway, and a body of megabytes must not be
    /// split into lines to show one.
    var excerpt: String { firstLine.excerpt(Self.excerptLength) }

    /// The first line of the body, uncut, from its first few kilobytes.
    var firstLine: String {
        let start = String(decoding: body.prefix(Self.excerptLength * 32), as: UTF8.self)
        return String(start.drop { $0.isNewline }.prefix { !$0.isNewline }).trimmingCharacters(in: .whitespaces)
    }

    static let excerptLength = 120
}
