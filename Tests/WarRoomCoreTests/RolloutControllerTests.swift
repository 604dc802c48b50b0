import Foundation
import Testing
@testable import WarRoomCore

/// The plan's rollout controller: how it is named to a person and to kubectl, and how it is kept in the journal.
@Suite struct RolloutControllerTests {
    static let checkout = KubernetesObject(name: "checkout", namespace: "shop", context: "prod-eu")

    @Test func eachKindNamesItself() {
        #expect(RolloutController.argo(Self.checkout).description == "Argo Rollout shop/checkout (context prod-eu)")
        #expect(RolloutController.flagger(Self.checkout).description == "Flagger Canary shop/checkout (context prod-eu)")
        #expect(RolloutController.deployment(KubernetesObject(name: "checkout")).description
                == "Deployment default/checkout (current context)")
        #expect(RolloutController.command(status: "./rollout-status.sh", promote: "./promote.sh", abort: nil).description
                == "command ./rollout-status.sh")
    }

    @Test func kubectlArgumentsNameTheObjectWithItsAPIGroup() {
        #expect(RolloutController.argo(Self.checkout).kubectlArguments
                == ["--context", "prod-eu", "-n", "shop", "rollouts.argoproj.io", "checkout"])
        #expect(RolloutController.flagger(KubernetesObject(name: "checkout", namespace: "shop")).kubectlArguments
                == ["-n", "shop", "canaries.flagger.app", "checkout"])
        #expect(RolloutController.deployment(KubernetesObject(name: "checkout")).kubectlArguments
                == ["-n", "default", "deployments.apps", "checkout"])
        #expect(RolloutController.command(status: "./s.sh", promote: nil, abort: nil).kubectlArguments == nil)
        #expect(Self.checkout.kubectlScope == ["--context", "prod-eu", "-n", "shop"])
    }

    @Test func kindsAreThePlansKeys() {
        #expect(RolloutController.Kind.allCases.map(\.rawValue) == ["argo", "flagger", "deployment", "command"])
        #expect(RolloutController.Kind.allCases.map(\.title) == ["Argo Rollout", "Flagger Canary", "Deployment", "command"])
        #expect(RolloutController.command(status: "s", promote: nil, abort: nil).kind == .command)
        #expect(RolloutController.flagger(Self.checkout).kubernetesObject == Self.checkout)
    }

    /// What is watched, without how it is driven.
    @Test func aCommandsTargetIsItsStatusCommand() {
        let command = RolloutController.command(status: "./s.sh", promote: "./p.sh", abort: "./a.sh")
        #expect(command.target == .command(status: "./s.sh", promote: nil, abort: nil))
        #expect(RolloutController.argo(Self.checkout).target == .argo(Self.checkout))
    }

    /// The journal keeps the plan as JSON: every kind comes back equal, and a plan with no rollout stores none.
    @Test func everyKindRoundTripsThroughTheJournalsJSON() throws {
        let controllers: [RolloutController] = [
            .argo(Self.checkout), .flagger(KubernetesObject(name: "checkout")), .deployment(Self.checkout),
            .command(status: "./rollout-status.sh", promote: "./promote.sh", abort: nil),
        ]
        for controller in controllers {
            var plan = try Fixture.plan()
            plan.rollout = RolloutSpec(controller: controller, readOnly: true, poll: 30)
            #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(plan)) == plan)
        }
        let json = String(decoding: try JSONEncoder().encode(Fixture.plan()), as: UTF8.self)
        #expect(!json.contains(#""rollout""#), "a plan without a controller must encode as it did before the section existed")
        #expect(try JSONDecoder().decode(Plan.self, from: JSONEncoder().encode(Fixture.plan())).rollout == nil)
    }

    @Test func defaults() {
        let spec = RolloutSpec(controller: .argo(KubernetesObject(name: "checkout")))
        #expect(spec.readOnly == false)
        #expect(spec.poll == 5)
        #expect(RolloutSpec.pollRange == 1...300)
        #expect(KubernetesObject(name: "checkout").namespace == "default")
    }
}
