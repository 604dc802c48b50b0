extension NoticePayload {
    /// The most of a Slack message's `text` sent: Slack truncates a longer one.
    static let slackTextLimit = 40_000

    /// A Slack incoming webhook's message: `text` alone, in Slack's mrkdwn: the summary in bold, then the body, then
    /// the details on one line. Every `&`, `<` and `>` is escaped, so no text in a notice can mention anyone
    /// (`<!channel>`, `<@U123>`), link anywhere or be read as markup that does; every control is made visible first.
    static func slackMessage(_ notice: Notice) -> NoticeJSON {
        var lines = ["*" + slackEscaped(InertText.joinedLine(notice.summary).trimmingCharacters(in: .whitespaces)) + "*"]
        if let body = notice.body, !body.isEmpty { lines.append(slackEscaped(InertText.lines(body))) }
        if !notice.details.isEmpty {
            lines.append(notice.details.map { slackEscaped(InertText.joinedLine("\($0.name): \($0.value)")) }
                .joined(separator: " · "))
        }
        return .members([.init("text", .string(slackCut(lines.joined(separator: "\n"))))])
    }

    /// `&`, `<` and `>` as the HTML entities Slack reads them from; nothing else is changed.
    static func slackEscaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Escaped text cut to Slack's limit, never inside an entity (a cut `&am` would show as text).
    static func slackCut(_ escaped: String) -> String {
        var cut = Self.cut(escaped, toUTF16: slackTextLimit)
        guard cut != escaped else { return escaped }
        cut.removeLast()  // the ellipsis, put back below
        if let ampersand = cut.suffix(4).lastIndex(of: "&"), !cut[ampersand...].contains(";") {
            cut.removeSubrange(ampersand...)
        }
        return cut + "…"
    }
}
