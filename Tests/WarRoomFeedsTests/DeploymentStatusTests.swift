import Foundation
import Testing
import WarRoomCore
@testable import WarRoomFeeds

/// A Deployment's rolling update as `kubectl get deployment ledger -o json` printed it, judged as
/// `kubectl rollout status` judges it.
@Suite struct DeploymentStatusTests {
    func deployment(_ name: String) throws -> ControllerStatus {
        try DeploymentStatus.parse(try KubectlFixtures.bytes("deployment/" + name + ".json"))
    }

    func ledger(_ phase: ControllerStatus.Phase, _ reason: String, message: String,
                replicas: ControllerStatus.Replicas, generation: Int = 14) -> ControllerStatus {
        ControllerStatus(kind: .deployment, name: "ledger", namespace: "ledger", phase: phase, rawPhase: reason, message: message,
                         replicas: replicas, generationLag: 0, generation: generation)
    }

    @Test func podsStillUpdatingAreProgressing() throws {
        #expect(try deployment("ledger-01-progressing") == ledger(
            .progressing, "ReplicaSetUpdated", message: #"ReplicaSet "ledger-6f9b8c7d5d" is progressing."#,
            replicas: .init(desired: 6, updated: 3, ready: 6, available: 6)))
    }

    @Test func everyPodUpdatedAndAvailableIsHealthy() throws {
        #expect(try deployment("ledger-02-complete") == ledger(
            .healthy, "NewReplicaSetAvailable", message: #"ReplicaSet "ledger-6f9b8c7d5d" has successfully progressed."#,
            replicas: .init(desired: 6, updated: 6, ready: 6, available: 6)))
    }

    @Test func aPassedProgressDeadlineIsDegraded() throws {
        #expect(try deployment("ledger-03-deadline-exceeded") == ledger(
            .degraded, "ProgressDeadlineExceeded", message: #"ReplicaSet "ledger-8d4c6b7f9a" has timed out progressing."#,
            replicas: .init(desired: 6, updated: 2, ready: 6, available: 6), generation: 15))
    }

    @Test func aNewerSpecThanObservedIsProgressingEvenWhenTheCountsLookDone() throws {
        let edited = try KubectlFixtures.edited("deployment/ledger-02-complete.json", #""generation": 14,"#, #""generation": 16,"#)
        let status = try DeploymentStatus.parse(edited)
        #expect(status.phase == .progressing)
        #expect(status.generationLag == 2)
    }

    @Test func aPausedDeploymentIsPaused() throws {
        let edited = try KubectlFixtures.edited("deployment/ledger-01-progressing.json", #""progressDeadlineSeconds": 600,"#,
                                                #""paused": true, "progressDeadlineSeconds": 600,"#)
        let status = try DeploymentStatus.parse(edited)
        #expect(status.phase == .paused)
        #expect(status.pause == .init(reason: "DeploymentPaused"))
    }

    @Test func malformedDeploymentsAreNamedErrors() throws {
        func failure(_ bytes: [UInt8]) -> ControllerParseError? {
            do { _ = try DeploymentStatus.parse(bytes); return nil } catch { return error as? ControllerParseError }
        }
        let complete = "deployment/ledger-02-complete.json"
        #expect(failure(try KubectlFixtures.edited(complete, #""readyReplicas": 6,"#, #""readyReplicas": -1,"#))
            == ControllerParseError(document: "Deployment", path: "status.readyReplicas", expected: "a whole number, not negative", found: "a number (-1)"))
        #expect(failure(try KubectlFixtures.edited(complete, #""observedGeneration": 14,"#, #""observedGeneration": "14","#))
            == ControllerParseError(document: "Deployment", path: "status.observedGeneration", expected: "a whole number", found: "a string \"14\""))
        #expect(failure(try KubectlFixtures.edited(complete, #""type": "Available""#, #""type": ["Available"]"#))
            == ControllerParseError(document: "Deployment", path: "status.conditions[0].type", expected: "a string", found: "an array of 1"))
        #expect(failure(try KubectlFixtures.edited(complete, "\"name\": \"ledger\",\n        \"namespace\"", "\"name\": null,\n        \"namespace\""))
            == ControllerParseError(document: "Deployment", path: "metadata.name", expected: "a value", found: "nothing"))
    }
}
