import Foundation

/// What a server answered to one GET: the status and the whole body.
struct HTTPResponse: Sendable, Hashable {
    var status: Int
    var body: Data

    /// The body as text, with invalid UTF-8 replaced, for `contains` checks and error messages.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first line of the body, cut short, so an HTML error page does not flood a one-line report.
    ///
    /// Only the body's start is decoded: a line longer than that is cut anyway, and a body of megabytes must not be
    /// split into lines to show one.
    var excerpt: String {
        let start = String(decoding: body.prefix(Self.excerptLength * 32), as: UTF8.self)
        let firstLine = start.drop { $0.isNewline }.prefix { !$0.isNewline }
        return firstLine.trimmingCharacters(in: .whitespaces).excerpt(Self.excerptLength)
    }

    static let excerptLength = 120
}
