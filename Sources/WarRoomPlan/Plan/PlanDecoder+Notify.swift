import Foundation
import WarRoomCore
import Yams

/// The key that says where a notify target is, one per service.
enum NotifyDestinationKey: String, CaseIterable {
    case slack = "slack_webhook"
    case pagerDuty = "pagerduty_routing_key"
    case webhook

    /// What every destination of this service shares: its name and default events. The variable is never read.
    var anyDestination: NotifyTarget.Destination {
        let unread = SecretReference(variable: "UNREAD")
        switch self {
        case .slack: return .slack(webhook: unread)
        case .pagerDuty: return .pagerDuty(routingKey: unread, eventsURL: nil)
        case .webhook: return .webhook(url: nil, secret: nil)
        }
    }

    /// The variable a hint suggests, as docs/plan-format.md writes it.
    var exampleVariable: String {
        switch self {
        case .slack: "SLACK_WEBHOOK_URL"
        case .pagerDuty: "PD_ROUTING_KEY"
        case .webhook: "HOOK_URL"
        }
    }

    /// What its value is, in a message.
    var secretWords: String {
        switch self {
        case .slack: "a Slack webhook's URL"
        case .pagerDuty: "a PagerDuty routing key"
        case .webhook: "a webhook's URL"
        }
    }
}

extension PlanDecoder {
    static let notifyKeys = ["name"] + NotifyDestinationKey.allCases.map(\.rawValue) + ["secret", "events_url", "events"]
    /// Paths the sender adds to a PagerDuty `events_url`; written in it, they would be sent to twice over.
    static let pagerDutyPaths = ["/v2/enqueue", "/v2/change/enqueue"]

    /// `notify:`, where the war room tells people what happened. `sends` (`communication: send_notifications: true`)
    /// makes an unset secret worth a warning: a plan that only shows its notices needs none of them.
    mutating func decodeNotify(_ node: Node, sends: Bool) -> [NotifyTarget] {
        decodeNamed(node, key: "notify", kind: "notify target", keys: Self.notifyKeys) { decoder, target, name in
            decoder.decodeNotifyTarget(target, name: name, sends: sends)
        }.compactMap(\.value)
    }

    private mutating func decodeNotifyTarget(_ target: MappingReader, name: String, sends: Bool) -> NotifyTarget? {
        let owner = "notify target '\(name)'"
        let given = NotifyDestinationKey.allCases.filter { target.contains($0.rawValue) }
        guard let kind = given.first else {
            // A misspelt destination has had its unknown-key error, which suggests the key meant.
            let destinations = NotifyDestinationKey.allCases.map(\.rawValue)
            if !target.keys.contains(where: { Suggestion.closest(to: $0, in: destinations) != nil }) {
                sink.error("\(owner) says neither slack_webhook, pagerduty_routing_key nor webhook", at: target.position,
                           hint: #"add one of: slack_webhook: "${SLACK_WEBHOOK_URL}", pagerduty_routing_key: "${PD_ROUTING_KEY}", "#
                               + "webhook: https://hooks.example.com/warroom")
            }
            return nil
        }
        for extra in given.dropFirst() {
            sink.error("\(owner) has both '\(kind.rawValue)' and '\(extra.rawValue)'; a target is one of them",
                       at: target.keyMark(extra.rawValue), hint: "split it into two targets with their own names")
        }
        if kind != .webhook, target.contains("secret") {
            sink.error("'secret' is for webhook targets; \(kind.secretWords) is the secret itself", at: target.keyMark("secret"),
                       hint: "remove secret from \(owner)")
        }
        if kind != .pagerDuty, target.contains("events_url") {
            sink.error("'events_url' is for PagerDuty targets", at: target.keyMark("events_url"),
                       hint: "remove events_url from \(owner); a \(kind.anyDestination.service) target is sent to at its own address")
        }
        let events = decodeNotifyEvents(target, owner: owner, kind: kind)
        guard let value = target.required(kind.rawValue, sink: &sink) else { return nil }
        let destination: NotifyTarget.Destination?
        switch kind {
        case .slack:
            destination = notifySecret(value, kind.rawValue, of: owner, sends: sends, is: "\(kind.secretWords) is a secret",
                                       variable: kind.exampleVariable).map { .slack(webhook: $0) }
        case .pagerDuty:
            let routingKey = notifySecret(value, kind.rawValue, of: owner, sends: sends, is: "\(kind.secretWords) is a secret",
                                          variable: kind.exampleVariable)
            let eventsURL = target.value("events_url").flatMap { pagerDutyEventsURL($0, of: owner) }
            destination = routingKey.map { .pagerDuty(routingKey: $0, eventsURL: eventsURL) }
        case .webhook:
            let url = webhookAddress(value, of: owner, sends: sends)
            let secret = target.value("secret").flatMap {
                notifySecret($0, "secret", of: owner, sends: sends, is: "its value is a secret", variable: "HOOK_TOKEN")
            }
            destination = url.map { .webhook(url: $0, secret: secret) }
        }
        return destination.map { NotifyTarget(name: name, destination: $0, events: events) }
    }

    /// `events:`, what the target hears; nil when left out, for its service's defaults.
    private mutating func decodeNotifyEvents(_ target: MappingReader, owner: String, kind: NotifyDestinationKey) -> [NotifyEvent]? {
        guard let node = target.value("events") else { return nil }
        if case .sequence(let items) = node, items.isEmpty {
            sink.error("\(owner) lists no events, so it would hear nothing", at: node,
                       hint: "list what it should hear, or leave events out for \(kind.anyDestination.service)'s defaults: "
                           + kind.anyDestination.defaultEvents.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        guard let names = sink.names(node, "events") else { return nil }
        let known = NotifyEvent.allCases.map(\.rawValue)
        var events: [NotifyEvent] = []
        for (name, item) in names {
            guard let event = NotifyEvent(rawValue: name) else {
                sink.error("unknown event '\(name)' in \(owner)\(sink.suggestion(for: name, in: known))", at: item.textPosition,
                           hint: "events are: \(known.joined(separator: ", "))")
                continue
            }
            if events.contains(event) {
                sink.warning("event '\(name)' is listed twice in \(owner)", at: item.textPosition, hint: "remove one of them")
            }
            events.append(event)
        }
        return events
    }

    /// A secret of a notify target: `${NAME}` only. A value written out is refused without repeating it (the echoed
    /// line stops where it starts): the plan is journaled and exported, and a validate run is often read in a CI log.
    /// `why` says what makes it secret: `a PagerDuty routing key is a secret`.
    private mutating func notifySecret(_ node: Node, _ key: String, of owner: String, sends: Bool, is why: String,
                                       variable: String) -> SecretReference? {
        guard let text = sink.string(node, key) else { return nil }
        let written = text.trimmingCharacters(in: .whitespaces)
        if let reference = SecretReference(parsing: written) {
            if sends { warnUnset(reference, node: node, of: owner) }
            return reference
        }
        if SecretReference.isMistyped(written) {
            // A reference mistyped ($NAME, ${NAME-WITH-DASHES}): a name, safe to show, and the fix is in its spelling.
            let name = written.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            let fix = SecretReference.isVariableName(Substring(name))
                ? "write \(key): \"${\(name)}\""
                : "a variable's name is letters, digits and _, not starting with a digit: write \(key): \"${\(variable)}\""
            sink.error("'\(key)' of \(owner) must name an environment variable as ${NAME}, found '\(text)'", at: node, hint: fix)
        } else {
            let hint = "put it in an environment variable of the war room that evaluates (export \(variable)=…) and write "
                + "\(key): \"${\(variable)}\""
            sink.error("'\(key)' of \(owner) is written out\(Self.addressOnly(written)); \(why), and the plan is "
                           + "journaled and exported", at: node.position, hint: hint, concealing: true)
        }
        return nil
    }

    /// ` (https://hooks.slack.com/…)` for a URL: the scheme and host say which value is meant and hold no secret;
    /// nothing for anything else.
    private static func addressOnly(_ text: String) -> String {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()),
              let host = url.host, !host.isEmpty else { return "" }
        return " (\(scheme)://\(host)/…)"
    }

    /// Checked only where the plan sends: the war room that evaluates reads it when a notice is sent.
    private mutating func warnUnset(_ reference: SecretReference, node: Node, of owner: String) {
        guard reference.resolve(in: environment) == nil else { return }
        sink.warning("environment variable \(reference.variable) is not set here", at: node.position,
                     hint: "the war room that evaluates reads it when it sends; set it in the shell that runs warroom there, "
                         + "or \(owner) cannot be sent to")
    }

    /// `webhook:`, an http(s) URL written in the plan or `${NAME}` for one kept in the environment (kept as written:
    /// the sender tells them apart with `SecretReference(parsing:)`).
    private mutating func webhookAddress(_ node: Node, of owner: String, sends: Bool) -> String? {
        guard let text = sink.string(node, "webhook") else { return nil }
        let written = text.trimmingCharacters(in: .whitespaces)
        if let reference = SecretReference(parsing: written) {
            if sends { warnUnset(reference, node: node, of: owner) }
            return reference.description
        }
        guard let url = URL(string: written), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false else {
            sink.error("expected an http:// or https:// URL or ${NAME} for 'webhook' of \(owner), found '\(text)'", at: node,
                       hint: "write the whole address, e.g. https://hooks.example.com/warroom, or \"${HOOK_URL}\" to read it "
                           + "from the environment")
            return nil
        }
        guard url.user == nil, url.password == nil else {
            sink.error("'webhook' of \(owner) holds a user or password; the plan is journaled and exported", at: node.position,
                       hint: "write the address without it and name the secret: secret: \"${HOOK_TOKEN}\"", concealing: true)
            return nil
        }
        return written
    }

    /// `events_url:`, PagerDuty's service address (another region, a proxy), to which the sender adds its paths.
    private mutating func pagerDutyEventsURL(_ node: Node, of owner: String) -> String? {
        guard let address = sink.url(node, "events_url", example: "https://events.eu.pagerduty.com") else { return nil }
        let trimmed = address.hasSuffix("/") ? String(address.dropLast()) : address
        if let path = Self.pagerDutyPaths.first(where: { trimmed.hasSuffix($0) }) {
            sink.error("'events_url' of \(owner) ends in \(path), which warroom adds", at: node,
                       hint: "write the service's address alone, e.g. \(trimmed.dropLast(path.count))")
            return nil
        }
        return trimmed
    }
}
