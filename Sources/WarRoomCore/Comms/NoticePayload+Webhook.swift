extension NoticePayload {
    /// The generic webhook document's version: a field is only ever added within a version; renaming, removing or
    /// retyping one makes a new version.
    public static let webhookVersion = 1

    /// The generic webhook's document, version 1 (docs/notifications.md): every field always present, null when the
    /// notice has none, every text inert.
    static func webhookDocument(_ notice: Notice) -> NoticeJSON {
        .members([
            .init("version", .int(webhookVersion)),
            .init("id", .string(InertText.line(notice.id))),
            .init("event", .string(notice.event.rawValue)),
            .init("time", .optional(timestamp(notice.at))),
            .init("target", .string(InertText.line(notice.target))),
            .init("summary", .string(InertText.joinedLine(notice.summary))),
            .init("body", .optional(notice.body.map(InertText.lines))),
            .init("severity", .string(notice.severity.rawValue)),
            .init("dedup_key", .optional(notice.dedupKey.map(InertText.line))),
            .init("details", .members(detailMembers(notice))),
        ])
    }
}
