import Foundation

extension ControllerStatus {
    /// The label Argo Rollouts puts on every pod of a ReplicaSet it manages: the pod template's hash, the same value
    /// as the Rollout's `status.stableRS` and `status.currentPodHash`.
    public static let podTemplateHashLabel = "rollouts-pod-template-hash"
    /// The label a Deployment's ReplicaSet puts on its pods, the hash in their names.
    public static let deploymentHashLabel = "pod-template-hash"

    /// Which cohort the pod `name` with `labels` belongs to, as this controller tells its versions apart; nil when it
    /// does not say, never a guess.
    ///
    /// - Argo Rollouts: the pod's `rollouts-pod-template-hash` against the stable and canary hashes.
    /// - Flagger: the primary Deployment's pods (`<name>-primary-…`) run the stable version; the target's own pods
    ///   (`<name>-…`), scaled up only while a canary is analysed, run the canary.
    /// - A Deployment has no cohorts: its pods all move to the new version together.
    public func cohort(ofPod podName: String, labels: [String: String]) -> Cohort? {
        switch kind {
        case .argoRollout:
            guard let hash = labels[Self.podTemplateHashLabel] else { return nil }
            if let canaryHash, hash == canaryHash { return .canary }
            if let stableHash, hash == stableHash { return .stable }
            return nil
        case .flaggerCanary:
            // A Deployment's pod carries its ReplicaSet's hash, the middle part of its name: a Job's or a
            // StatefulSet's pod with a look-alike name (`checkout-migrate-x7k2p`) is no one's cohort.
            guard !name.isEmpty, let hash = labels[Self.deploymentHashLabel] else { return nil }
            if Self.isPod(podName, ofDeployment: name + "-primary", hash: hash) { return .stable }
            if Self.isPod(podName, ofDeployment: name, hash: hash) { return .canary }
            return nil
        case .deployment:
            return nil
        }
    }

    /// Whether `pod` is named as a Deployment's pods are, `<deployment>-<pod-template-hash>-<suffix>`, with `hash`
    /// (its `pod-template-hash` label) in the middle: so the pods of `checkout-primary` or `checkout-worker` are not
    /// taken for those of `checkout`.
    static func isPod(_ pod: String, ofDeployment deployment: String, hash: String) -> Bool {
        guard pod.hasPrefix(deployment + "-") else { return false }
        let parts = pod.dropFirst(deployment.count + 1).split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0] == hash && !parts[1].isEmpty
    }
}
