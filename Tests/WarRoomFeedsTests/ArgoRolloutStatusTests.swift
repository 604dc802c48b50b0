import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// A whole Argo Rollouts canary of the checkout service, state by state, as `kubectl get rollout checkout -o json`
/// printed it: each read to exactly the status the war room journals.
@Suite struct ArgoRolloutStatusTests {
    static let stable = "6b4d7c9f55", canary = "7c9f6d4bb8", aborted = "9d2e1f0a7b", stuck = "5f7d8c9b6a"

    func rollout(_ name: String, run: String? = nil) throws -> ControllerStatus {
        try ArgoRolloutStatus.parse(try KubectlFixtures.bytes("argo-rollouts/" + name + ".json"),
                                    analysisRun: try run.map { try KubectlFixtures.bytes("argo-rollouts/" + $0 + ".json") })
    }

    /// The fields every state of this rollout shares.
    func checkout(_ phase: ControllerStatus.Phase, _ raw: String, message: String?, step: Int, weight: ControllerStatus.Weight,
                  replicas: ControllerStatus.Replicas, stable: String = Self.stable, canary: String? = Self.canary,
                  pause: ControllerStatus.Pause? = nil, analysis: ControllerStatus.Analysis? = nil, lag: Int = 0,
                  generation: Int = 5) -> ControllerStatus {
        ControllerStatus(kind: .argoRollout, name: "checkout", namespace: "shop", phase: phase, rawPhase: raw, message: message,
                         step: .init(index: step, count: 6), weight: weight, pause: pause, analysis: analysis, replicas: replicas,
                         stableHash: stable, canaryHash: canary, generationLag: lag, generation: generation)
    }

    @Test func aSpecNotYetObservedIsProgressingWhateverTheOldPhaseSaid() throws {
        #expect(try rollout("checkout-00-spec-not-observed") == checkout(
            .progressing, "Healthy", message: nil, step: 6, weight: .init(set: 100, actual: 100),
            replicas: .init(desired: 10, updated: 10, ready: 10, available: 10), canary: nil, lag: 1))
    }

    @Test func stepZeroAsksForTwentyPercentBeforeAnyTrafficMoves() throws {
        #expect(try rollout("checkout-01-progressing-step-0") == checkout(
            .progressing, "Progressing", message: "more replicas need to be updated", step: 0, weight: .init(set: 20, actual: 0),
            replicas: .init(desired: 10, updated: 1, ready: 10, available: 10)))
    }

    @Test func theRouterAtTwentyPercentIsTheActualWeight() throws {
        #expect(try rollout("checkout-02-set-weight-20") == checkout(
            .progressing, "Progressing", message: "updated replicas are still becoming available", step: 0,
            weight: .init(set: 20, actual: 20), replicas: .init(desired: 10, updated: 2, ready: 11, available: 11)))
    }

    @Test func aPauseStepIsPausedWithItsReasonAndTime() throws {
        #expect(try rollout("checkout-03-paused") == checkout(
            .paused, "Paused", message: "CanaryPauseStep", step: 1, weight: .init(set: 20, actual: 20),
            replicas: .init(desired: 10, updated: 2, ready: 12, available: 12),
            pause: .init(reason: "CanaryPauseStep", since: KubectlFixtures.at("2026-12-06T13:01:47Z"))))
    }

    @Test func anAnalysisStepNamesItsRunAndTheRunGivesEachMetricsLatestMeasurement() throws {
        let expected = checkout(
            .progressing, "Progressing", message: "waiting for all steps to complete", step: 3, weight: .init(set: 40, actual: 40),
            replicas: .init(desired: 10, updated: 4, ready: 14, available: 14),
            analysis: .init(name: "checkout-7c9f6d4bb8-5-3", phase: .running))
        #expect(try rollout("checkout-04-analysis-running") == expected)

        var withRun = expected
        withRun.analysis?.metrics = [
            .init(name: "success-rate", phase: .running,
                  latest: .init(phase: .successful, value: "[0.9958]", time: KubectlFixtures.at("2026-12-06T13:11:32Z"))),
            // Its third measurement is still running, without a value: the one before it is shown.
            .init(name: "latency-p99", phase: .running,
                  latest: .init(phase: .successful, value: "[0.238]", time: KubectlFixtures.at("2026-12-06T13:10:32Z"))),
        ]
        #expect(try rollout("checkout-04-analysis-running", run: "analysisrun-checkout-7c9f6d4bb8-5-3-running") == withRun)
    }

    @Test func promotedIsHealthyWithOneVersionTakingAllTraffic() throws {
        #expect(try rollout("checkout-05-healthy") == checkout(
            .healthy, "Healthy", message: nil, step: 6, weight: .init(set: 100, actual: 100),
            replicas: .init(desired: 10, updated: 10, ready: 10, available: 10), stable: Self.canary, canary: nil))
    }

    @Test func anAbortIsAbortedNotDegradedWithNoWeightAndTheFailedAnalysis() throws {
        let failed = #"Metric "success-rate" assessed Failed due to failed (3) > failureLimit (2)"#
        var expected = checkout(
            .aborted, "Degraded", message: "RolloutAborted: Rollout aborted update to revision 6: " + failed, step: 0,
            weight: .init(set: 0, actual: 0), replicas: .init(desired: 10, updated: 0, ready: 10, available: 10),
            stable: Self.canary, canary: Self.aborted,
            analysis: .init(name: "checkout-9d2e1f0a7b-6-3", phase: .failed, message: failed), generation: 6)
        #expect(try rollout("checkout-06-aborted") == expected)

        expected.analysis?.metrics = [
            .init(name: "success-rate", phase: .failed,
                  latest: .init(phase: .failed, value: "[0.9702]", time: KubectlFixtures.at("2026-12-06T15:37:06Z"))),
            .init(name: "latency-p99", phase: .running,
                  latest: .init(phase: .error, value: nil, time: KubectlFixtures.at("2026-12-06T15:37:36Z"))),
        ]
        #expect(try rollout("checkout-06-aborted", run: "analysisrun-checkout-9d2e1f0a7b-6-3-failed") == expected)
    }

    @Test func aPassedProgressDeadlineIsDegraded() throws {
        #expect(try rollout("checkout-07-degraded") == checkout(
            .degraded, "Degraded", message: #"ProgressDeadlineExceeded: ReplicaSet "checkout-5f7d8c9b6a" has timed out progressing."#,
            step: 0, weight: .init(set: 20, actual: 0), replicas: .init(desired: 10, updated: 2, ready: 10, available: 10),
            stable: Self.canary, canary: Self.stuck, generation: 7))
    }

    @Test func aRunOtherThanTheOneTheRolloutNamesAddsNoMetrics() throws {
        let status = try rollout("checkout-06-aborted", run: "analysisrun-checkout-7c9f6d4bb8-5-3-running")
        #expect(status.analysis?.name == "checkout-9d2e1f0a7b-6-3")
        #expect(status.analysis?.metrics == [])
        // A rollout without an analysis ignores the run.
        #expect(try rollout("checkout-05-healthy", run: "analysisrun-checkout-7c9f6d4bb8-5-3-running").analysis == nil)
    }

    @Test func phasesMapAsArgoMeansThem() {
        #expect(ArgoRolloutStatus.phase("Degraded", aborted: true, lag: 0) == .aborted)
        #expect(ArgoRolloutStatus.phase("Paused", aborted: false, lag: 2) == .progressing)
        #expect(ArgoRolloutStatus.phase("Paused", aborted: false, lag: nil) == .paused)
        #expect(ArgoRolloutStatus.phase("", aborted: false, lag: 0) == .unknown)
        #expect(ArgoRolloutStatus.phase("Suspended", aborted: false, lag: 0) == .unknown)
    }

    // MARK: Malformed

    func failure(_ bytes: [UInt8], run: [UInt8]? = nil) -> ControllerParseError? {
        do {
            _ = try ArgoRolloutStatus.parse(bytes, analysisRun: run)
            return nil
        } catch {
            return error as? ControllerParseError
        }
    }

    @Test func truncatedOrEmptyOutputIsNotJSON() throws {
        let whole = try KubectlFixtures.bytes("argo-rollouts/checkout-03-paused.json")
        #expect(failure(Array(whole.prefix(whole.count / 2))) == ControllerParseError(
            document: "Rollout", path: "", expected: "a JSON object", found: "text that is not JSON (cut short, or not kubectl's -o json)"))
        #expect(failure(Array("\n".utf8)) == ControllerParseError(document: "Rollout", path: "", expected: "a JSON object", found: "no output"))
        #expect(failure(Array("[]".utf8)) == ControllerParseError(document: "Rollout", path: "", expected: "a JSON object", found: "an array of 0"))
    }

    @Test func anotherKindIsNamed() throws {
        #expect(failure(try KubectlFixtures.bytes("deployment/ledger-02-complete.json"))
            == ControllerParseError(document: "Rollout", path: "kind", expected: "\"Rollout\"", found: "\"Deployment\""))
        // `kubectl get rollouts -o json` without a name prints a List.
        #expect(failure(Array(#"{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":""}}"#.utf8))
            == ControllerParseError(document: "Rollout", path: "kind", expected: "\"Rollout\"", found: "\"List\""))
    }

    @Test func aMissingStatusIsNamed() throws {
        let fresh = #"{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"checkout","generation":1},"spec":{"replicas":3}}"#
        let error = failure(Array(fresh.utf8))
        #expect(error == ControllerParseError(document: "Rollout", path: "status", expected: "a value", found: "nothing"))
        #expect(error?.description == "kubectl's Rollout JSON at status: expected a value, found nothing")
    }

    @Test func aWrongTypeIsNamedWithItsPathAndWhatWasThere() throws {
        let paused = "argo-rollouts/checkout-03-paused.json"
        let error = failure(try KubectlFixtures.edited(paused, #""currentStepIndex": 1,"#, #""currentStepIndex": "two","#))
        #expect(error == ControllerParseError(document: "Rollout", path: "status.currentStepIndex", expected: "a whole number", found: "a string \"two\""))
        #expect(error?.description == #"kubectl's Rollout JSON at status.currentStepIndex: expected a whole number, found a string "two""#)

        #expect(failure(try KubectlFixtures.edited(paused, #""reason": "CanaryPauseStep","#, #""reason": 7,"#))
            == ControllerParseError(document: "Rollout", path: "status.pauseConditions[0].reason", expected: "a string", found: "a number (7)"))
        #expect(failure(try KubectlFixtures.edited(paused, #""startTime": "2026-12-06T13:01:47Z""#, #""startTime": "just now""#))
            == ControllerParseError(document: "Rollout", path: "status.pauseConditions[0].startTime",
                                    expected: "a time such as \"2026-12-06T13:01:47Z\"", found: "a string \"just now\""))
        #expect(failure(try KubectlFixtures.edited(paused, "\"weight\": 20\n", "\"weight\": 140\n"))
            == ControllerParseError(document: "Rollout", path: "status.canary.weights.canary.weight",
                                    expected: "a percentage from 0 to 100", found: "a number (140)"))
        #expect(failure(try KubectlFixtures.edited(paused, #""readyReplicas": 12"#, #""readyReplicas": 12.5"#))
            == ControllerParseError(document: "Rollout", path: "status.readyReplicas", expected: "a whole number", found: "a number (12.5)"))
        #expect(failure(try KubectlFixtures.edited(paused, #""observedGeneration": "5""#, #""observedGeneration": true"#))
            == ControllerParseError(document: "Rollout", path: "status.observedGeneration",
                                    expected: "a generation (a string of digits)", found: "true"))
    }

    @Test func aMalformedAnalysisRunIsAnErrorOfItsOwn() throws {
        let rolloutBytes = try KubectlFixtures.bytes("argo-rollouts/checkout-04-analysis-running.json")
        let run = "argo-rollouts/analysisrun-checkout-7c9f6d4bb8-5-3-running.json"
        #expect(failure(rolloutBytes, run: try KubectlFixtures.edited(run, #""value": "[0.238]""#, #""value": 0.238"#))
            == ControllerParseError(document: "AnalysisRun", path: "status.metricResults[1].measurements[1].value",
                                    expected: "a string", found: "a number (0.238)"))
        #expect(failure(rolloutBytes, run: try KubectlFixtures.bytes("argo-rollouts/checkout-04-analysis-running.json"))
            == ControllerParseError(document: "AnalysisRun", path: "kind", expected: "\"AnalysisRun\"", found: "\"Rollout\""))
    }
}
