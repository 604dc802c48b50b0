import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// Flagger canaries as `kubectl get canary NAME -o json` printed them: a weighted canary through its analysis to
/// success and to failure, and an A/B test counted in iterations.
@Suite struct FlaggerCanaryStatusTests {
    func canary(_ name: String) throws -> ControllerStatus {
        try FlaggerCanaryStatus.parse(try KubectlFixtures.bytes("flagger/" + name + ".json"))
    }

    func payments(_ phase: ControllerStatus.Phase, _ raw: String, message: String, step: ControllerStatus.Step?, weight: Int,
                  failed: Int, stable: String = "6d9f7c8b5", canary: String? = "5f8c7b9d4") -> ControllerStatus {
        ControllerStatus(kind: .flaggerCanary, name: "payments-api", namespace: "payments", phase: phase, rawPhase: raw,
                         message: message, step: step, weight: .init(set: nil, actual: weight),
                         checks: .init(failed: failed, threshold: 5), stableHash: stable, canaryHash: canary)
    }

    @Test func progressingCountsStepsOfStepWeightUpToMaxWeight() throws {
        #expect(try canary("payments-api-01-progressing") == payments(
            .progressing, "Progressing", message: "New revision detected, progressing canary analysis.",
            step: .init(index: 2, count: 5), weight: 20, failed: 0))
    }

    @Test func failedChecksAreCountedAgainstTheThreshold() throws {
        #expect(try canary("payments-api-02-failed-checks") == payments(
            .progressing, "Progressing", message: "New revision detected, progressing canary analysis.",
            step: .init(index: 3, count: 5), weight: 30, failed: 2))
    }

    @Test func succeededIsHealthyWithThePromotedSpecStable() throws {
        #expect(try canary("payments-api-03-succeeded") == payments(
            .healthy, "Succeeded", message: "Canary analysis completed successfully, promotion finished.",
            step: nil, weight: 0, failed: 0, stable: "5f8c7b9d4", canary: nil))
    }

    @Test func failedIsAbortedTrafficBackOnThePrimary() throws {
        #expect(try canary("payments-api-04-failed") == payments(
            .aborted, "Failed", message: "Canary analysis failed, Deployment scaled to zero.",
            step: nil, weight: 0, failed: 5, canary: "77b9d4c6f"))
    }

    @Test func anABTestCountsIterationsAndHasNoWeight() throws {
        #expect(try canary("search-api-01-iterations") == ControllerStatus(
            kind: .flaggerCanary, name: "search-api", namespace: "payments", phase: .progressing, rawPhase: "Progressing",
            message: "New revision detected, progressing canary analysis.", step: .init(index: 4, count: 10), weight: nil,
            checks: .init(failed: 1, threshold: 3), stableHash: "7d5b6f8c9", canaryHash: "84c9d7f5b"))
    }

    @Test func waitingForApprovalIsPausedSinceItsTransition() throws {
        let waiting = try KubectlFixtures.edited("flagger/payments-api-01-progressing.json", #""phase": "Progressing""#, #""phase": "WaitingPromotion""#)
        let status = try FlaggerCanaryStatus.parse(waiting)
        #expect(status.phase == .paused)
        #expect(status.pause == .init(reason: "WaitingPromotion", since: KubectlFixtures.at("2026-12-06T13:02:31Z")))
        #expect(status.step == .init(index: 2, count: 5))
    }

    @Test func everyFlaggerPhaseHasAColour() {
        let phases: [String: ControllerStatus.Phase] = [
            "Initializing": .progressing, "Initialized": .healthy, "Waiting": .paused, "Progressing": .progressing,
            "WaitingPromotion": .paused, "Promoting": .progressing, "Finalising": .progressing, "Succeeded": .healthy,
            "Failed": .aborted, "Terminating": .unknown, "Terminated": .unknown, "": .unknown,
        ]
        for (raw, phase) in phases { #expect(FlaggerCanaryStatus.phase(raw) == phase, "\(raw)") }
    }

    @Test func malformedCanariesAreNamedErrors() throws {
        func failure(_ bytes: [UInt8]) -> ControllerParseError? {
            do { _ = try FlaggerCanaryStatus.parse(bytes); return nil } catch { return error as? ControllerParseError }
        }
        let progressing = "flagger/payments-api-01-progressing.json"
        #expect(failure(try KubectlFixtures.edited(progressing, #""canaryWeight": 20,"#, #""canaryWeight": "20%","#))
            == ControllerParseError(document: "Canary", path: "status.canaryWeight", expected: "a whole number", found: "a string \"20%\""))
        #expect(failure(try KubectlFixtures.edited(progressing, #""failedChecks": 0,"#, #""failedChecks": -1,"#))
            == ControllerParseError(document: "Canary", path: "status.failedChecks", expected: "a whole number, not negative", found: "a number (-1)"))
        let noStatus = #"{"apiVersion":"flagger.app/v1beta1","kind":"Canary","metadata":{"name":"payments-api"},"spec":{},"status":[]}"#
        #expect(failure(Array(noStatus.utf8))
            == ControllerParseError(document: "Canary", path: "status", expected: "an object", found: "an array of 0"))
        #expect(failure(try KubectlFixtures.bytes("argo-rollouts/checkout-05-healthy.json"))
            == ControllerParseError(document: "Canary", path: "kind", expected: "\"Canary\"", found: "\"Rollout\""))
    }
}
