import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomPlan

/// The plan's `notify:` list and the communication keys that go with it: each service, its defaults, and every mistake
/// with its exact words and place. A secret written out is refused without being repeated.
@Suite("Notify section")
struct NotifyPlanTests {
    /// `PlanDiagnosticTests.valid` (18 lines) with `section` after it, so the section starts on line 19.
    static func check(_ section: String, file: String = "plan.yaml",
                      environment: [String: String] = [:]) -> (plan: Plan?, report: DiagnosticReport) {
        PlanLoader.check(text: PlanDiagnosticTests.valid + "\n" + section, file: file, environment: environment)
    }

    static func notify(_ section: String) throws -> [NotifyTarget] {
        let result = check(section)
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        return try #require(result.plan).notify
    }

    /// Every diagnostic's headline, then its hint on the next line when it has one.
    static func diagnostics(_ section: String, environment: [String: String] = [:]) -> [String] {
        check(section, environment: environment).report.diagnostics
            .flatMap { [$0.description] + ($0.hint.map { ["hint: \($0)"] } ?? []) }
    }

    static func variable(_ name: String) -> SecretReference { SecretReference(variable: name) }

    static let events = "trigger_firing, trigger_resolved, stage_promoted, rollback, decision_recorded, update_posted, "
        + "release_started, release_done"

    // MARK: Services

    @Test func eachServiceWithItsEventsOrItsDefaults() throws {
        let targets = try Self.notify("""
            notify:
              - {name: releases, slack_webhook: "${SLACK_WEBHOOK_URL}"}
              - {name: pager, pagerduty_routing_key: "${PD_ROUTING_KEY}", events: [trigger_firing, trigger_resolved, rollback]}
              - {name: hooks, webhook: "https://hooks.example.com/warroom", secret: "${HOOK_TOKEN}", events: [stage_promoted, update_posted]}
              - {name: eu-pager, pagerduty_routing_key: "${PD_EU_KEY}", events_url: "https://events.eu.pagerduty.com"}
            """)
        #expect(targets == [
            NotifyTarget(name: "releases", destination: .slack(webhook: Self.variable("SLACK_WEBHOOK_URL"))),
            NotifyTarget(name: "pager", destination: .pagerDuty(routingKey: Self.variable("PD_ROUTING_KEY"), eventsURL: nil),
                         events: [.triggerFiring, .triggerResolved, .rollback]),
            NotifyTarget(name: "hooks", destination: .webhook(url: "https://hooks.example.com/warroom", secret: Self.variable("HOOK_TOKEN")),
                         events: [.stagePromoted, .updatePosted]),
            NotifyTarget(name: "eu-pager", destination: .pagerDuty(routingKey: Self.variable("PD_EU_KEY"),
                                                                  eventsURL: "https://events.eu.pagerduty.com")),
        ])
        #expect(targets[0].events == NotifyEvent.allCases, "a channel hears everything")
        #expect(targets[3].events == [.triggerFiring, .triggerResolved, .stagePromoted, .rollback, .releaseStarted, .releaseDone],
                "a pager is not told of decisions and updates")
    }

    /// Block style takes `${NAME}` unquoted; one event stands for a list of one; events are kept in the model's order.
    @Test func blockStyleOneEventAndAWebhookFromTheEnvironment() throws {
        let targets = try Self.notify("""
            notify:
              - name: ops
                webhook: ${OPS_HOOK_URL}
                events: rollback
              - name: eu
                pagerduty_routing_key: ${PD_EU_KEY}
                events_url: https://events.eu.pagerduty.com/
                events: [rollback, trigger_firing]
            """)
        #expect(targets == [
            NotifyTarget(name: "ops", destination: .webhook(url: "${OPS_HOOK_URL}", secret: nil), events: [.rollback]),
            NotifyTarget(name: "eu", destination: .pagerDuty(routingKey: Self.variable("PD_EU_KEY"), eventsURL: "https://events.eu.pagerduty.com"),
                         events: [.triggerFiring, .rollback]),
        ])
        #expect(try Self.notify("") == [])
        #expect(try Self.notify("notify:") == [], "an empty value counts as absent")
        #expect(try Self.notify("notify: []") == [])
    }

    @Test func sendNotificationsAndTheUpdatesFileBesideTheOtherKeys() throws {
        let section = """
            communication:
              channel: "#releases"
              cadence: 30m
              escalation: [on-call, Priya Raman, VP Engineering]
              send_notifications: true
              updates_file: updates.md
            notify:
              - {name: releases, slack_webhook: "${SLACK_WEBHOOK_URL}"}
            """
        let result = Self.check(section, file: "ops/plan.yaml", environment: ["SLACK_WEBHOOK_URL": "https://hooks.slack.com/x"])
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        let communication = try #require(result.plan).communication
        #expect(communication == Communication(channel: "#releases", cadence: 1800, escalation: ["on-call", "Priya Raman", "VP Engineering"],
                                               sendNotifications: true, updatesFile: "ops/updates.md"),
                "the updates file is relative to the plan, like every path in it")
        #expect(Self.check("communication: {updates_file: /var/log/updates.md}").plan?.communication.updatesFile == "/var/log/updates.md")
        #expect(Self.check("communication: {send_notifications: no}").plan?.communication == Communication())
    }

    // MARK: Where a target is

    @Test func exactlyOneDestination() {
        #expect(Self.diagnostics("notify:\n  - {name: quiet, events: [rollback]}") == [
            "plan.yaml:20:5: error: notify target 'quiet' says neither slack_webhook, pagerduty_routing_key nor webhook",
            #"hint: add one of: slack_webhook: "${SLACK_WEBHOOK_URL}", pagerduty_routing_key: "${PD_ROUTING_KEY}", "#
                + "webhook: https://hooks.example.com/warroom",
        ])
        #expect(Self.diagnostics(#"notify:\#n  - {name: both, slack_webhook: "${A}", webhook: "https://x.example.com"}"#) == [
            "plan.yaml:20:41: error: notify target 'both' has both 'slack_webhook' and 'webhook'; a target is one of them",
            "hint: split it into two targets with their own names",
        ])
        // A misspelt destination is named once, by its unknown-key error.
        #expect(Self.diagnostics(#"notify:\#n  - {name: typo, slack_webhok: "${A}"}"#) == [
            "plan.yaml:20:18: error: unknown key 'slack_webhok' in notify target 1; did you mean 'slack_webhook'?",
            "hint: known keys: name, slack_webhook, pagerduty_routing_key, webhook, secret, events_url, events",
        ])
        #expect(Self.diagnostics("notify:\n  - name: empty\n    webhook:") == ["plan.yaml:21:5: error: 'webhook' in notify target 1 has no value"])
    }

    /// A Slack webhook's URL and a PagerDuty routing key are secrets: only `${NAME}`, and a value written out is never
    /// repeated, neither in the message nor in the echoed line.
    @Test func aSecretWrittenOutIsRefusedWithoutRepeatingIt() {
        let slack = #"notify:\#n  - {name: releases, slack_webhook: "https://hooks.slack.com/services/T0/B0/XXXXSECRET"}"#
        #expect(Self.diagnostics(slack) == [
            "plan.yaml:20:37: error: 'slack_webhook' of notify target 'releases' is written out (https://hooks.slack.com/…); "
                + "a Slack webhook's URL is a secret, and the plan is journaled and exported",
            "hint: put it in an environment variable of the war room that evaluates (export SLACK_WEBHOOK_URL=…) and write "
                + #"slack_webhook: "${SLACK_WEBHOOK_URL}""#,
        ])
        let rendered = Self.check(slack).report.description
        #expect(!rendered.contains("XXXXSECRET") && !rendered.contains("services"), "\(rendered)")
        #expect(rendered.contains("""
              - {name: releases, slack_webhook: …
                                                ^
            """), "the line is echoed up to the secret, the caret on what stands for it")

        let pager = "notify:\n  - name: pager\n    pagerduty_routing_key: 0123456789abcdef0123456789abcdef"
        #expect(Self.diagnostics(pager) == [
            "plan.yaml:21:28: error: 'pagerduty_routing_key' of notify target 'pager' is written out; a PagerDuty routing key "
                + "is a secret, and the plan is journaled and exported",
            "hint: put it in an environment variable of the war room that evaluates (export PD_ROUTING_KEY=…) and write "
                + #"pagerduty_routing_key: "${PD_ROUTING_KEY}""#,
        ])
        #expect(!Self.check(pager).report.description.contains("0123"))

        let secret = #"notify:\#n  - {name: hooks, webhook: "https://hooks.example.com/warroom", secret: hunter2}"#
        #expect(Self.diagnostics(secret) == [
            "plan.yaml:20:73: error: 'secret' of notify target 'hooks' is written out; its value is a secret, and the plan is "
                + "journaled and exported",
            #"hint: put it in an environment variable of the war room that evaluates (export HOOK_TOKEN=…) and write secret: "${HOOK_TOKEN}""#,
        ])
        #expect(!Self.check(secret).report.description.contains("hunter2"))
    }

    /// `$NAME` or a name with a dash is a reference mistyped, not a secret: shown, with how to write it.
    @Test func aMistypedReferenceIsShown() {
        #expect(Self.diagnostics("notify:\n  - {name: releases, slack_webhook: $SLACK}") == [
            "plan.yaml:20:37: error: 'slack_webhook' of notify target 'releases' must name an environment variable as ${NAME}, "
                + "found '$SLACK'",
            #"hint: write slack_webhook: "${SLACK}""#,
        ])
        #expect(Self.diagnostics("notify:\n  - name: pager\n    pagerduty_routing_key: ${PD-KEY}") == [
            "plan.yaml:21:28: error: 'pagerduty_routing_key' of notify target 'pager' must name an environment variable "
                + "as ${NAME}, found '${PD-KEY}'",
            "hint: a variable's name is letters, digits and _, not starting with a digit: write "
                + #"pagerduty_routing_key: "${PD_ROUTING_KEY}""#,
        ])
        // A value that merely starts with `$` is a secret like any other.
        let password = "notify:\n  - {name: hooks, webhook: \"${H}\", secret: $ecret-pa55}"
        #expect(Self.diagnostics(password).first == "plan.yaml:20:44: error: 'secret' of notify target 'hooks' is written out; "
                + "its value is a secret, and the plan is journaled and exported")
        #expect(!Self.check(password).report.description.contains("pa55"))
        // Unquoted in a flow mapping, YAML itself cannot read it.
        #expect(Self.diagnostics("notify:\n  - {name: r, slack_webhook: ${SLACK}}").first?.hasPrefix("plan.yaml:20:31: error: invalid YAML") == true)
    }

    @Test func aWebhookIsAnAddressOrAVariable() throws {
        #expect(Self.diagnostics("notify:\n  - {name: hooks, webhook: ftp://files.example.com}") == [
            "plan.yaml:20:28: error: expected an http:// or https:// URL or ${NAME} for 'webhook' of notify target 'hooks', "
                + "found 'ftp://files.example.com'",
            #"hint: write the whole address, e.g. https://hooks.example.com/warroom, or "${HOOK_URL}" to read it from the environment"#,
        ])
        let withPassword = #"notify:\#n  - {name: hooks, webhook: "https://ops:pa55@hooks.example.com/warroom"}"#
        #expect(Self.diagnostics(withPassword) == [
            "plan.yaml:20:28: error: 'webhook' of notify target 'hooks' holds a user or password; the plan is journaled and exported",
            #"hint: write the address without it and name the secret: secret: "${HOOK_TOKEN}""#,
        ])
        #expect(!Self.check(withPassword).report.description.contains("pa55"))
        #expect(try Self.notify("notify:\n  - {name: hooks, webhook: http://127.0.0.1:9000/hook}").first?.destination
                == .webhook(url: "http://127.0.0.1:9000/hook", secret: nil))
    }

    @Test func keysOfAnotherService() {
        #expect(Self.diagnostics(#"notify:\#n  - {name: releases, slack_webhook: "${S}", secret: "${T}", events_url: "https://e.example.com"}"#) == [
            "plan.yaml:20:45: error: 'secret' is for webhook targets; a Slack webhook's URL is the secret itself",
            "hint: remove secret from notify target 'releases'",
            "plan.yaml:20:61: error: 'events_url' is for PagerDuty targets",
            "hint: remove events_url from notify target 'releases'; a Slack target is sent to at its own address",
        ])
        #expect(Self.diagnostics(#"notify:\#n  - {name: pager, pagerduty_routing_key: "${K}", secret: "${T}"}"#) == [
            "plan.yaml:20:50: error: 'secret' is for webhook targets; a PagerDuty routing key is the secret itself",
            "hint: remove secret from notify target 'pager'",
        ])
        #expect(Self.diagnostics(#"notify:\#n  - {name: hooks, webhook: "${H}", events_url: "https://e.example.com"}"#) == [
            "plan.yaml:20:36: error: 'events_url' is for PagerDuty targets",
            "hint: remove events_url from notify target 'hooks'; a webhook target is sent to at its own address",
        ])
    }

    @Test func eventsURLIsTheServicesAddress() {
        #expect(Self.diagnostics(#"notify:\#n  - {name: eu, pagerduty_routing_key: "${K}", events_url: events.eu.pagerduty.com}"#) == [
            "plan.yaml:20:59: error: expected an http:// or https:// URL for 'events_url', found 'events.eu.pagerduty.com'",
            "hint: write the whole address, e.g. https://events.eu.pagerduty.com",
        ])
        #expect(Self.diagnostics(#"notify:\#n  - {name: eu, pagerduty_routing_key: "${K}", events_url: "${EU_URL}"}"#).first
                == "plan.yaml:20:59: error: expected an http:// or https:// URL for 'events_url', found '${EU_URL}'")
        #expect(Self.diagnostics(#"notify:\#n  - {name: eu, pagerduty_routing_key: "${K}", events_url: "https://events.eu.pagerduty.com/v2/enqueue"}"#) == [
            "plan.yaml:20:59: error: 'events_url' of notify target 'eu' ends in /v2/enqueue, which warroom adds",
            "hint: write the service's address alone, e.g. https://events.eu.pagerduty.com",
        ])
        #expect(Self.diagnostics(#"notify:\#n  - {name: eu, pagerduty_routing_key: "${K}", events_url: "https://proxy.example.com/pd/v2/change/enqueue/"}"#) == [
            "plan.yaml:20:59: error: 'events_url' of notify target 'eu' ends in /v2/change/enqueue, which warroom adds",
            "hint: write the service's address alone, e.g. https://proxy.example.com/pd",
        ])
    }

    // MARK: Events

    @Test func unknownEventsListTheValidOnes() {
        #expect(Self.diagnostics(#"notify:\#n  - {name: pager, pagerduty_routing_key: "${K}", events: [trigger_fired, rollback, deploy]}"#) == [
            "plan.yaml:20:59: error: unknown event 'trigger_fired' in notify target 'pager'; did you mean 'trigger_firing'?",
            "hint: events are: \(Self.events)",
            "plan.yaml:20:84: error: unknown event 'deploy' in notify target 'pager'",
            "hint: events are: \(Self.events)",
        ])
        #expect(Self.diagnostics("notify:\n  - name: pager\n    pagerduty_routing_key: ${K}\n    events: [{rollback: yes}]")
                == ["plan.yaml:22:14: error: expected text for 'events', found a mapping"])
    }

    @Test func aTargetThatHearsNothingIsRefused() {
        #expect(Self.diagnostics(#"notify:\#n  - {name: pager, pagerduty_routing_key: "${K}", events: []}"#) == [
            "plan.yaml:20:58: error: notify target 'pager' lists no events, so it would hear nothing",
            "hint: list what it should hear, or leave events out for PagerDuty's defaults: trigger_firing, trigger_resolved, "
                + "stage_promoted, rollback, release_started, release_done",
        ])
    }

    @Test func anEventListedTwiceIsAWarning() throws {
        let section = #"notify:\#n  - {name: pager, pagerduty_routing_key: "${K}", events: [rollback, rollback]}"#
        #expect(Self.diagnostics(section) == [
            "plan.yaml:20:69: warning: event 'rollback' is listed twice in notify target 'pager'",
            "hint: remove one of them",
        ])
        #expect(Self.check(section).plan?.notify.first?.events == [.rollback])
    }

    // MARK: The list

    @Test func namesAreRequiredAndUnique() {
        #expect(Self.diagnostics(#"notify:\#n  - {name: releases, slack_webhook: "${A}"}\#n  - {name: releases, webhook: "${B}"}"#) == [
            "plan.yaml:21:12: error: duplicate notify target 'releases' (first at line 20)",
            "hint: each notify target needs its own name",
        ])
        #expect(Self.diagnostics(#"notify:\#n  - {slack_webhook: "${A}"}"#) == ["plan.yaml:20:5: error: missing required key 'name' in notify target 1"])
        #expect(Self.diagnostics(#"notify:\#n  - {name: releases, slack_webhook: "${A}", colour: red}"#) == [
            "plan.yaml:20:45: error: unknown key 'colour' in notify target 1",
            "hint: known keys: name, slack_webhook, pagerduty_routing_key, webhook, secret, events_url, events",
        ])
    }

    @Test func wrongShapes() {
        #expect(Self.diagnostics("notify: {name: releases}") == [
            "plan.yaml:19:9: error: expected a list for 'notify', found a mapping",
            "hint: write one item per line, each starting with '- '",
        ])
        #expect(Self.diagnostics("notify:\n  - releases") == ["plan.yaml:20:5: error: expected a mapping of keys for notify target 1, found 'releases'"])
        #expect(Self.diagnostics("notify:\n  - {name: releases, slack_webhook: [a]}")
                == ["plan.yaml:20:37: error: expected text for 'slack_webhook', found a list"])
        #expect(Self.diagnostics("communication: {send_notifications: maybe, updates_file: \"logs/\"}") == [
            "plan.yaml:19:37: error: expected true or false for 'send_notifications', found 'maybe'",
            "plan.yaml:19:58: error: 'updates_file' must name a file, found 'logs/'",
            "hint: e.g. updates_file: updates.md, written beside the plan",
        ])
    }

    // MARK: Sending

    /// A plan that only shows its notices needs no secret where it is checked; one that sends is told which are unset.
    @Test func unsetVariablesWarnOnlyWhereThePlanSends() {
        let targets = """
            notify:
              - {name: releases, slack_webhook: "${SLACK_WEBHOOK_URL}"}
              - {name: hooks, webhook: "${HOOK_URL}", secret: "${HOOK_TOKEN}"}
            """
        #expect(Self.diagnostics(targets).isEmpty)
        let sending = "communication: {send_notifications: true}\n" + targets
        let hint = "hint: the war room that evaluates reads it when it sends; set it in the shell that runs warroom there, or "
        #expect(Self.diagnostics(sending, environment: ["HOOK_URL": "https://hooks.example.com"]) == [
            "plan.yaml:21:37: warning: environment variable SLACK_WEBHOOK_URL is not set here",
            hint + "notify target 'releases' cannot be sent to",
            "plan.yaml:22:51: warning: environment variable HOOK_TOKEN is not set here",
            hint + "notify target 'hooks' cannot be sent to",
        ])
        let all = ["SLACK_WEBHOOK_URL": "x", "HOOK_URL": "y", "HOOK_TOKEN": "z"]
        #expect(Self.diagnostics(sending, environment: all).isEmpty)
    }

    @Test func sendingWithNoTargetIsAWarning() {
        #expect(Self.diagnostics("communication:\n  channel: \"#releases\"\n  send_notifications: true") == [
            "plan.yaml:21:3: warning: send_notifications is true, but the plan has no notify targets to send to",
            "hint: add notify: with a Slack, PagerDuty or webhook target, or remove send_notifications",
        ])
    }

    // MARK: Whole plans

    /// A full plan (every section, notify and the new communication keys among them) through the journal's JSON and back.
    @Test func aFullPlanRoundTripsThroughTheJournalsJSON() throws {
        let file = "fixtures/plans/canary-web-service.yaml"
        let text = try Repository.text(file) + """

            notify:
              - {name: releases, slack_webhook: "${SLACK_WEBHOOK_URL}"}
              - {name: pager, pagerduty_routing_key: "${PD_ROUTING_KEY}", events: [trigger_firing, trigger_resolved, rollback]}
              - {name: hooks, webhook: "https://hooks.example.com/warroom", secret: "${HOOK_TOKEN}", events: [stage_promoted, update_posted]}
              - {name: eu-pager, pagerduty_routing_key: "${PD_EU_KEY}", events_url: "https://events.eu.pagerduty.com"}
            """
        let result = PlanLoader.check(text: text, file: file, environment: ["PROM_TOKEN": "set"])
        let plan = try #require(result.plan, "\(result.report)")
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        #expect(plan.notify.map(\.name) == ["releases", "pager", "hooks", "eu-pager"])
        #expect(!plan.communication.escalation.isEmpty)
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan)) == plan)

        var sending = try ValidPlanTests.load("checkout-canary")
        sending.communication.sendNotifications = true
        sending.communication.updatesFile = "fixtures/plans/updates.md"
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(sending)) == sending)
    }

    /// Odd YAML in every notify key (lists, mappings, aliases, tags, block text, controls, nothing): reported with a place,
    /// never a trap, and nothing raw reaches the output. The same properties as the fuzzer's.
    @Test func oddValuesInEveryKeyAreReportedNotTrapped() throws {
        let odd = ["", "~", "[]", "{}", "[a, [b]]", "{a: {b: c}}", "&x 1", "*x", "!!binary aGk=", "12", "true", "-1e400",
                   "\"\\e[2J\"", "\"\\u202E${A}\"", "\"${}\"", "\"${A B}\"", "\"$\"", "|\n      two\n      lines", "\"\\0\"",
                   String(repeating: "a", count: 5_000), "\"https://\"", "\"http://[::1\"", "[trigger_firing, ~, 1]"]
        let keys = PlanDecoder.notifyKeys + ["events"]
        var cases: [String] = odd.map { "notify: \($0)" } + odd.map { "notify:\n  - \($0)" }
        for key in keys {
            for value in odd {
                cases.append("notify:\n  - name: t\n    webhook: https://h.example.com\n    \(key): \(value)")
                cases.append("notify:\n  - name: t\n    pagerduty_routing_key: ${K}\n    \(key): \(value)")
            }
        }
        for value in odd { cases.append("communication:\n  send_notifications: \(value)\n  updates_file: \(value)") }
        for section in cases {
            let bytes = Array((PlanDiagnosticTests.valid + "\n" + section).utf8)
            #expect(throws: Never.self, "\(section)") { try PlanFuzzTests.checkPlan(bytes) }
        }
    }
}
