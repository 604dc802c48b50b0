import Foundation
import WarRoomCore

/// Sends one notice to one target and says how it went. The runtime calls it off the loop, as the evaluator.
public protocol NoticeSending: Sendable {
    func send(_ notice: Notice, to target: NotifyTarget) async -> SendResult
}

/// Posts notices to Slack incoming webhooks, PagerDuty's Events API v2 and generic JSON webhooks over HTTP, secrets
/// read from `environment`.
public struct NoticeSender: NoticeSending {
    let environment: [String: String]
    let timeout: TimeInterval

    public init(environment: [String: String], timeout: TimeInterval = AppState.noticeTimeout) {
        self.environment = environment
        self.timeout = timeout
    }

    public func send(_ notice: Notice, to target: NotifyTarget) async -> SendResult {
        .refused(reason: "sending is not built yet")
    }
}
