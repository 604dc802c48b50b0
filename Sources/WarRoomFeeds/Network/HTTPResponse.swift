import Foundation

/// What a server answered to one GET: the status and the whole body.
struct HTTPResponse: Sendable, Hashable {
    var status: Int
    var body: Data

    /// The body as text, with invalid UTF-8 replaced, for `contains` checks and error messages.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// The first line of the body, cut short, so an HTML error page does not flood a one-line report.
    var excerpt: String {
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = firstLine.trimmingCharacters(in: .whitespaces)
        return trimmed.count > Self.excerptLength ? trimmed.prefix(Self.excerptLength) + "…" : trimmed
    }

    static let excerptLength = 120
}
