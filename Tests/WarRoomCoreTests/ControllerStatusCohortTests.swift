import Foundation
import Testing
import WarRoomCore

/// Which cohort a pod is in, as each controller tells its versions apart; unknown is nil, never a guess.
@Suite struct ControllerStatusCohortTests {
    static func argo(stable: String?, canary: String?) -> ControllerStatus {
        ControllerStatus(kind: .argoRollout, name: "checkout", namespace: "shop", phase: .progressing, rawPhase: "Progressing",
                         stableHash: stable, canaryHash: canary)
    }

    static func hash(_ hash: String) -> [String: String] {
        ["app": "checkout", ControllerStatus.podTemplateHashLabel: hash]
    }

    @Test func argoByPodTemplateHash() {
        let status = Self.argo(stable: "6b4d7c9f55", canary: "7c9f6d4bb8")
        #expect(status.cohort(ofPod: "checkout-6b4d7c9f55-2xkqp", labels: Self.hash("6b4d7c9f55")) == .stable)
        #expect(status.cohort(ofPod: "checkout-7c9f6d4bb8-h5n2v", labels: Self.hash("7c9f6d4bb8")) == .canary)
        // An older revision's pod still scaling down, and a pod without the label: not named.
        #expect(status.cohort(ofPod: "checkout-5d8c6b7a44-zz9kq", labels: Self.hash("5d8c6b7a44")) == nil)
        #expect(status.cohort(ofPod: "checkout-6b4d7c9f55-2xkqp", labels: ["app": "checkout"]) == nil)
    }

    /// Once promoted the canary's hash is the stable one: the same pod is stable from then on.
    @Test func argoAfterPromotion() {
        let promoted = Self.argo(stable: "7c9f6d4bb8", canary: nil)
        #expect(promoted.cohort(ofPod: "checkout-7c9f6d4bb8-h5n2v", labels: Self.hash("7c9f6d4bb8")) == .stable)
        #expect(promoted.cohort(ofPod: "checkout-6b4d7c9f55-2xkqp", labels: Self.hash("6b4d7c9f55")) == nil)
        let notStarted = Self.argo(stable: nil, canary: nil)
        #expect(notStarted.cohort(ofPod: "checkout-6b4d7c9f55-2xkqp", labels: Self.hash("6b4d7c9f55")) == nil)
    }

    @Test func flaggerByDeploymentName() {
        let status = ControllerStatus(kind: .flaggerCanary, name: "payments-api", namespace: "payments", phase: .progressing,
                                      rawPhase: "Progressing", stableHash: "6d9f7c8b5", canaryHash: "5f8c7b9d4")
        #expect(status.cohort(ofPod: "payments-api-primary-7d9c8b6f5-x2k4m",
                              labels: ["app": "payments-api-primary", "pod-template-hash": "7d9c8b6f5"]) == .stable)
        #expect(status.cohort(ofPod: "payments-api-5f8c7b9d4-q8w2e", labels: ["app": "payments-api", "pod-template-hash": "5f8c7b9d4"]) == .canary)
        // Another Deployment whose name starts the same, and a pod of something else.
        #expect(status.cohort(ofPod: "payments-api-worker-5f8c7b9d4-q8w2e", labels: ["pod-template-hash": "5f8c7b9d4"]) == nil)
        #expect(status.cohort(ofPod: "ledger-5f8c7b9d4-q8w2e", labels: ["pod-template-hash": "5f8c7b9d4"]) == nil)
        // A Job's pod with a look-alike name has no ReplicaSet hash, or not the one in its name.
        #expect(status.cohort(ofPod: "payments-api-migrate-x7k2p", labels: ["app": "payments-api", "job-name": "payments-api-migrate"]) == nil)
        #expect(status.cohort(ofPod: "payments-api-migrate-x7k2p", labels: ["pod-template-hash": "5f8c7b9d4"]) == nil)
    }

    @Test func aDeploymentHasNoCohorts() {
        let status = ControllerStatus(kind: .deployment, name: "ledger", namespace: "ledger", phase: .progressing,
                                      rawPhase: "ReplicaSetUpdated")
        #expect(status.cohort(ofPod: "ledger-6f9b8c7d5d-abcde", labels: ["pod-template-hash": "6f9b8c7d5d"]) == nil)
    }
}
