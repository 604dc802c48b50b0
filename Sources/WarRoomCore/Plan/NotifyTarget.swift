import Foundation

/// Somewhere the war room tells people what happened: a Slack channel, a PagerDuty service, a webhook. Secrets (a
/// Slack webhook's URL, a PagerDuty routing key) are named by their environment variable, never written in the plan.
public struct NotifyTarget: Sendable, Codable, Hashable, Identifiable {
    public enum Destination: Sendable, Codable, Hashable {
        /// A Slack incoming webhook; its URL is the secret.
        case slack(webhook: SecretReference)
        /// PagerDuty's Events API v2. `eventsURL` replaces `https://events.pagerduty.com` (the EU service region, a
        /// proxy); the paths `/v2/enqueue` and `/v2/change/enqueue` are added to it.
        case pagerDuty(routingKey: SecretReference, eventsURL: String?)
        /// A generic JSON webhook (docs/notifications.md), at a URL written in the plan or named by a variable.
        case webhook(url: String?, secret: SecretReference?)
    }

    public var name: String
    public var destination: Destination
    /// What it is told, in the order ``NotifyEvent`` lists them.
    public var events: [NotifyEvent]

    public var id: String { name }

    public init(name: String, destination: Destination, events: [NotifyEvent]? = nil) {
        self.name = name
        self.destination = destination
        self.events = events.map { chosen in NotifyEvent.allCases.filter(chosen.contains) } ?? destination.defaultEvents
    }

    public func wants(_ event: NotifyEvent) -> Bool { events.contains(event) }
}

extension NotifyTarget.Destination {
    /// What a target is told when the plan does not say: a channel and a webhook hear everything; a pager is paged
    /// for triggers and told of changes (stages, rollback, start and end), not of decisions and updates.
    public var defaultEvents: [NotifyEvent] {
        switch self {
        case .slack, .webhook: NotifyEvent.allCases
        case .pagerDuty: [.triggerFiring, .triggerResolved, .stagePromoted, .rollback, .releaseStarted, .releaseDone]
        }
    }

    /// The service's name, for the comms view and the plan summary.
    public var service: String {
        switch self {
        case .slack: "Slack"
        case .pagerDuty: "PagerDuty"
        case .webhook: "webhook"
        }
    }

    /// Whether sending the same notice twice is harmless: the receiver drops a repeat of one it has. A webhook gets
    /// the notice's id as `Idempotency-Key`; PagerDuty folds a repeated trigger or resolve into its alert by
    /// `dedup_key`, but a change event twice is two changes, and a Slack message twice is two messages.
    public func dropsRepeats(of notice: Notice) -> Bool {
        switch self {
        case .slack: false
        case .pagerDuty: PagerDutyEvent(notice).dropsRepeats
        case .webhook: true
        }
    }
}

/// What a notification tells of. The raw values are the plan's and the journal's spellings.
public enum NotifyEvent: String, Sendable, Codable, Hashable, CaseIterable {
    case triggerFiring = "trigger_firing"
    case triggerResolved = "trigger_resolved"
    case stagePromoted = "stage_promoted"
    case rollback
    case decisionRecorded = "decision_recorded"
    case updatePosted = "update_posted"
    case releaseStarted = "release_started"
    /// Promoted to the plan's final stage.
    case releaseDone = "release_done"

    /// In words, for the comms view: `trigger firing`.
    public var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
