extension NoticePayload {
    /// PagerDuty's longest summary.
    static let pagerDutySummaryLimit = 1024

    /// What PagerDuty's Events API v2 is told: an alert event (trigger with the whole payload, resolve with the
    /// routing key, the action and the `dedup_key` alone, as documented) or a change event.
    static func pagerDutyBody(_ notice: Notice, event: PagerDutyEvent, routingKey: SecretReference) -> NoticeJSON {
        let summary = NoticeJSON.string(cut(InertText.joinedLine(notice.summary), toUTF16: pagerDutySummaryLimit))
        let source = NoticeJSON.string(detail("release", of: notice).map(InertText.joinedLine) ?? "warroom")
        let timestamp = timestamp(notice.at).map { [NoticeJSON.Member("timestamp", .string($0))] } ?? []
        let dedupKey = NoticeJSON.string(InertText.line(notice.dedupKey ?? ""))
        var customDetails = detailMembers(notice)
        if let body = notice.body, !body.isEmpty { customDetails.append(.init("body", .string(InertText.lines(body)))) }
        switch event {
        case .trigger:
            var payload: [NoticeJSON.Member] = [.init("summary", summary), .init("source", source),
                                                .init("severity", .string(notice.severity.rawValue))] + timestamp
            if let trigger = detail("trigger", of: notice) { payload.append(.init("component", .string(InertText.joinedLine(trigger)))) }
            if let stage = detail("stage", of: notice) { payload.append(.init("group", .string(InertText.joinedLine(stage)))) }
            payload.append(.init("class", .string(notice.event.words)))
            payload.append(.init("custom_details", .members(customDetails)))
            return .members([.init("routing_key", .secret(routingKey)), .init("event_action", .string("trigger")),
                             .init("dedup_key", dedupKey), .init("payload", .members(payload)),
                             .init("client", .string("warroom"))])
        case .resolve:
            return .members([.init("routing_key", .secret(routingKey)), .init("dedup_key", dedupKey),
                             .init("event_action", .string("resolve"))])
        case .change:
            let payload: [NoticeJSON.Member] = [.init("summary", summary)] + timestamp
                + [.init("source", source), .init("custom_details", .members(customDetails))]
            return .members([.init("routing_key", .secret(routingKey)), .init("payload", .members(payload))])
        }
    }
}
