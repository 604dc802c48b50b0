import Foundation
import Testing
import WarRoomCore
@testable import WarRoomPlan

/// The plan's `rollout:` section: each kind, its defaults, and every mistake with its exact words and place.
@Suite("Rollout section")
struct RolloutPlanTests {
    /// `PlanDiagnosticTests.valid` (18 lines) with `section` after it, so the section starts on line 19.
    static func check(_ section: String) -> (plan: Plan?, report: DiagnosticReport) {
        PlanLoader.check(text: PlanDiagnosticTests.valid + "\n" + section, file: "plan.yaml")
    }

    static func rollout(_ section: String) throws -> RolloutSpec? {
        let result = check(section)
        #expect(result.report.diagnostics.isEmpty, "\(result.report)")
        return try #require(result.plan).rollout
    }

    /// Every diagnostic's headline, then its hint on the next line when it has one.
    static func diagnostics(_ section: String) -> [String] {
        check(section).report.diagnostics.flatMap { [$0.description] + ($0.hint.map { ["hint: \($0)"] } ?? []) }
    }

    // MARK: Kinds

    @Test func argo() throws {
        let spec = try Self.rollout("""
            rollout:
              argo: {name: checkout, namespace: shop, context: prod-eu}
            """)
        #expect(spec == RolloutSpec(controller: .argo(KubernetesObject(name: "checkout", namespace: "shop", context: "prod-eu"))))
    }

    @Test func flaggerAndDeploymentInBlockStyle() throws {
        let flagger = try Self.rollout("""
            rollout:
              flagger:
                name: checkout.v2
                namespace: shop-eu
            """)
        #expect(flagger?.controller == .flagger(KubernetesObject(name: "checkout.v2", namespace: "shop-eu")))
        // EKS names its contexts by ARN: a context is free text to Kubernetes.
        let deployment = try Self.rollout("""
            rollout:
              deployment: {name: checkout, context: "arn:aws:eks:eu-west-1:123456789012:cluster/prod"}
            """)
        #expect(deployment?.controller == .deployment(KubernetesObject(name: "checkout", namespace: "default",
                                                                      context: "arn:aws:eks:eu-west-1:123456789012:cluster/prod")))
    }

    /// Flagger moves by itself; the commands that open its load tester's gates let the war room promote and abort it.
    @Test func flaggerWithItsGateCommands() throws {
        let spec = try Self.rollout(#"""
            rollout:
              flagger:
                name: payments-api
                namespace: payments
                promote: kubectl -n test exec deploy/flagger-loadtester -- curl -sfd '{"name":"payments-api","namespace":"payments"}' http://localhost:8080/gate/open
                abort: kubectl -n test exec deploy/flagger-loadtester -- curl -sfd '{"name":"payments-api","namespace":"payments"}' http://localhost:8080/rollback/open
            """#)
        guard case .flagger(let object, let promote?, let abort?)? = spec?.controller else {
            Issue.record("no gate commands: \(String(describing: spec))")
            return
        }
        #expect(object == KubernetesObject(name: "payments-api", namespace: "payments"))
        #expect(promote.hasSuffix("http://localhost:8080/gate/open"))
        #expect(abort.hasSuffix("http://localhost:8080/rollback/open"))
        #expect(Self.diagnostics("rollout:\n  flagger: {name: payments-api, abort: ./abort.sh}\n  readonly: true") == [
            "plan.yaml:20:33: warning: 'abort' is never run: the rollout is readonly",
            "hint: remove it, or drop readonly to let the war room abort after a confirmation",
        ])
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout, abort: ./abort.sh}").first?.contains("unknown key 'abort'") == true,
                "Argo is aborted with its own patch, not a command")
    }

    @Test func command() throws {
        let full = try Self.rollout("""
            rollout:
              command: {status: "./rollout-status.sh", promote: "./promote.sh", abort: "./abort.sh"}
            """)
        #expect(full?.controller == .command(status: "./rollout-status.sh", promote: "./promote.sh", abort: "./abort.sh"))
        let statusOnly = try Self.rollout("""
            rollout:
              command: {status: kubectl get deploy checkout -o json}
            """)
        #expect(statusOnly?.controller == .command(status: "kubectl get deploy checkout -o json", promote: nil, abort: nil))
    }

    @Test func defaultsAndSectionSettings() throws {
        let plain = try Self.rollout("rollout:\n  argo: {name: checkout}")
        #expect(plain == RolloutSpec(controller: .argo(KubernetesObject(name: "checkout", namespace: "default", context: nil)),
                                     readOnly: false, poll: 5))
        let set = try Self.rollout("rollout:\n  argo: {name: checkout}\n  readonly: true\n  poll: 1m30s")
        #expect(set?.readOnly == true)
        #expect(set?.poll == 90)
        #expect(try Self.rollout("rollout:\n  argo: {name: checkout}\n  poll: 1s")?.poll == 1)
        #expect(try Self.rollout("rollout:\n  argo: {name: checkout}\n  poll: 5m")?.poll == 300)
        // Absent or empty, a plan names no controller.
        #expect(try Self.rollout("") == nil)
        #expect(try Self.rollout("rollout:") == nil)
    }

    /// The journal keeps the plan as JSON; a loaded rollout section comes back equal.
    @Test func roundTripsThroughTheJournalsJSON() throws {
        let plan = try #require(Self.check("""
            rollout:
              command: {status: ./s.sh, abort: ./a.sh}
              readonly: yes
              poll: 20s
            """).plan)
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan)) == plan)
    }

    // MARK: Diagnostics

    @Test func misspeltKindSuggestsTheKind() {
        #expect(Self.diagnostics("rollout:\n  argoo: {name: checkout}") == [
            "plan.yaml:20:3: error: unknown key 'argoo' in rollout; did you mean 'argo'?",
            "hint: rollout names one controller, argo, flagger, deployment or command, and may add readonly and poll",
        ])
    }

    @Test func noKindListsTheFour() {
        #expect(Self.diagnostics("rollout:\n  kind: argo") == [
            "plan.yaml:19:1: error: rollout names no controller; expected one of argo, flagger, deployment or command",
            "hint: e.g. argo: {name: checkout, namespace: shop}",
            "plan.yaml:20:3: error: unknown key 'kind' in rollout",
            "hint: rollout names one controller, argo, flagger, deployment or command, and may add readonly and poll",
        ])
        #expect(Self.diagnostics("rollout:\n  readonly: true") == [
            "plan.yaml:19:1: error: rollout names no controller; expected one of argo, flagger, deployment or command",
            "hint: e.g. argo: {name: checkout, namespace: shop}",
        ])
    }

    @Test func twoKindsSayPickOne() {
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout}\n  flagger: {name: checkout}") == [
            "plan.yaml:21:3: error: rollout has both 'argo' and 'flagger'; a plan watches one controller",
            "hint: pick the one this release goes out through and remove the other",
        ])
    }

    @Test func rootKeyMisspelt() {
        #expect(Self.diagnostics("rolout:\n  argo: {name: checkout}") == [
            "plan.yaml:19:1: error: unknown key 'rolout' in the plan; did you mean 'rollout'?",
            "hint: known keys: release, strategy, flag, stages, metrics, triggers, health_checks, logs, sources, rollout, "
                + "rollback, checklist, decision_points, communication, notify, risks, feature_flags, approvals, judge, slos",
        ])
    }

    @Test func wrongShapes() {
        #expect(Self.diagnostics("rollout: [argo]") == ["plan.yaml:19:10: error: expected a mapping of keys for rollout, found a list"])
        #expect(Self.diagnostics("rollout:\n  argo: checkout") == [
            "plan.yaml:20:9: error: expected a mapping for 'argo' in rollout, found 'checkout'",
            "hint: write argo: {name: checkout, namespace: shop}",
        ])
        #expect(Self.diagnostics("rollout:\n  command: ./status.sh") == [
            "plan.yaml:20:12: error: expected a mapping for 'command' in rollout, found './status.sh'",
            "hint: write command: {status: ./rollout-status.sh}",
        ])
        #expect(Self.diagnostics("rollout:\n  argo:") == ["plan.yaml:20:3: error: 'argo' in rollout has no value"])
    }

    @Test func unknownAndMissingKeysInAKind() {
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout, namspace: shop}") == [
            "plan.yaml:20:26: error: unknown key 'namspace' in rollout argo; did you mean 'namespace'?",
            "hint: known keys: name, namespace, context",
        ])
        #expect(Self.diagnostics("rollout:\n  flagger: {namespace: shop}")
                == ["plan.yaml:20:3: error: missing required key 'name' in rollout flagger"])
        #expect(Self.diagnostics("rollout:\n  command: {promote: ./promote.sh}")
                == ["plan.yaml:20:3: error: missing required key 'status' in rollout command"])
        #expect(Self.diagnostics("rollout:\n  command: {status: ./s.sh, name: checkout}") == [
            "plan.yaml:20:29: error: unknown key 'name' in rollout command",
            "hint: known keys: status, promote, abort",
        ])
    }

    @Test func badNameSuggestsTheNearestValidOne() {
        let nameRule = "hint: a Kubernetes name is lowercase letters, digits, '-' and '.', starting and ending with a letter "
            + "or digit, at most 253 characters (RFC 1123)"
        #expect(Self.diagnostics("rollout:\n  argo: {name: Checkout_API}") == [
            "plan.yaml:20:16: error: rollout argo name 'Checkout_API' is not a valid Kubernetes name; did you mean 'checkout-api'?",
            nameRule,
        ])
        #expect(Self.diagnostics("rollout:\n  deployment: {name: -web.-front-}") == [
            "plan.yaml:20:22: error: rollout deployment name '-web.-front-' is not a valid Kubernetes name; did you mean 'web.front'?",
            nameRule,
        ])
        // Nothing a name could keep: no suggestion.
        #expect(Self.diagnostics("rollout:\n  argo: {name: \"__\"}") == [
            "plan.yaml:20:16: error: rollout argo name '__' is not a valid Kubernetes name",
            nameRule,
        ])
        let long = String(repeating: "a", count: 254)
        #expect(Self.diagnostics("rollout:\n  argo: {name: \(long)}") == [
            "plan.yaml:20:16: error: rollout argo name is 254 characters; a Kubernetes name is at most 253",
            nameRule,
        ])
        #expect(Self.diagnostics("rollout:\n  argo: {name: \(String(repeating: "a", count: 253))}").isEmpty)
    }

    @Test func badNamespace() {
        let rule = "hint: a Kubernetes namespace is lowercase letters, digits and '-', starting and ending with a letter or "
            + "digit, at most 63 characters (RFC 1123 label)"
        #expect(Self.diagnostics("rollout:\n  flagger: {name: checkout, namespace: Shop.EU}") == [
            "plan.yaml:20:40: error: rollout flagger namespace 'Shop.EU' is not a valid Kubernetes namespace; did you mean 'shop-eu'?",
            rule,
        ])
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout, namespace: \(String(repeating: "n", count: 64))}") == [
            "plan.yaml:20:37: error: rollout argo namespace is 64 characters; a Kubernetes namespace is at most 63",
            rule,
        ])
    }

    @Test func badContext() {
        let hint = "hint: write a name `kubectl config get-contexts` lists, or leave context out for kubectl's current context"
        #expect(Self.diagnostics("rollout:\n  argo:\n    name: checkout\n    context: \"-prod\"") == [
            "plan.yaml:22:14: error: rollout argo context '-prod' starts with '-', which kubectl would read as an option", hint,
        ])
        #expect(Self.diagnostics("rollout:\n  argo:\n    name: checkout\n    context: prod eu") == [
            "plan.yaml:22:14: error: rollout argo context 'prod eu' holds a space; a context is one word", hint,
        ])
        #expect(Self.diagnostics("rollout:\n  argo:\n    name: checkout\n    context: \"\"") == [
            "plan.yaml:22:14: error: rollout argo context is empty", hint,
        ])
    }

    @Test func badPollAndReadonly() {
        let pollHint = "hint: how often the controller is asked for its state; 5s when left out"
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout}\n  poll: 10m") == [
            "plan.yaml:21:9: error: 'poll' must be from 1s to 5m, found 10m", pollHint,
        ])
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout}\n  poll: 0.5s") == [
            "plan.yaml:21:9: error: 'poll' must be from 1s to 5m, found 0.5s", pollHint,
        ])
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout}\n  poll: soon") == [
            "plan.yaml:21:9: error: expected a duration such as 30s, 5m or 1h30m, at most 30d, for 'poll', found 'soon'",
            "hint: units are s, m, h and d; combine them as in 1h30m",
        ])
        #expect(Self.diagnostics("rollout:\n  argo: {name: checkout}\n  readonly: maybe")
                == ["plan.yaml:21:13: error: expected true or false for 'readonly', found 'maybe'"])
    }

    /// A read-only rollout never runs its promote or abort command: a warning, since the plan still works.
    @Test func readonlyCommandsWarn() throws {
        let result = Self.check("rollout:\n  command: {status: ./s.sh, promote: ./p.sh}\n  readonly: true")
        #expect(result.plan?.rollout?.readOnly == true)
        #expect(Self.diagnostics("rollout:\n  command: {status: ./s.sh, promote: ./p.sh}\n  readonly: true") == [
            "plan.yaml:20:29: warning: 'promote' is never run: the rollout is readonly",
            "hint: remove it, or drop readonly to let the war room promote after a confirmation",
        ])
    }

    // MARK: Names

    @Test func kubernetesNameRules() {
        #expect(KubernetesName.subdomain.accepts("checkout.v2-eu"))
        #expect(!KubernetesName.subdomain.accepts("checkout..v2"))
        #expect(!KubernetesName.subdomain.accepts("checkout.-v2"))
        #expect(!KubernetesName.subdomain.accepts(""))
        #expect(!KubernetesName.label.accepts("shop.eu"))
        #expect(KubernetesName.label.accepts("0shop-9"))
        #expect(KubernetesName.label.suggestion(for: "Shop  EU!") == "shop-eu")
        #expect(KubernetesName.subdomain.suggestion(for: "Web..Front") == "web.front")
        #expect(KubernetesName.subdomain.suggestion(for: "checkout") == nil)
        #expect(KubernetesName.label.suggestion(for: "Zürich Café") == "zurich-cafe")
    }
}
