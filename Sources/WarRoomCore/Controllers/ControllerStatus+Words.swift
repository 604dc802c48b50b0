import Foundation

extension ControllerStatus {
    /// The controller's position in a few words, for a timeline and a disagreement: `step 2/6 · weight 40%`,
    /// `aborted · weight 0%`, `Healthy · weight 100%`, `paused · 3/5 pods`.
    public var summary: String {
        var parts: [String] = []
        switch phase {
        case .aborted: parts.append("aborted")
        case .healthy: parts.append("healthy")
        case .paused: parts.append("paused")
        case .degraded: parts.append("degraded")
        case .progressing, .unknown: break
        }
        // Steps done of all, as Argo's own `kubectl argo rollouts get` counts them.
        if let step, phase != .aborted, phase != .healthy { parts.append("step \(step.index)/\(step.count)") }
        if let shown = shownWeight {
            parts.append("weight \(shown)%")
        } else if let replicas {
            parts.append("\(replicas.updated)/\(replicas.desired) pods updated")
        }
        if parts.isEmpty { parts.append(rawPhase.isEmpty ? "no phase" : rawPhase) }
        return parts.joined(separator: " · ")
    }

    /// The weight that best says where the traffic is: the router's actual weight, else the step's set weight
    /// (Argo without traffic routing), and 0 once aborted.
    public var shownWeight: Int? {
        if phase == .aborted { return 0 }
        return weight?.actual ?? weight?.set
    }
}

extension ControllerStatus.Kind {
    /// How a person names the resource: `Argo Rollout`, `Flagger Canary`, `Deployment`.
    public var title: String {
        switch self {
        case .argoRollout: "Argo Rollout"
        case .flaggerCanary: "Flagger Canary"
        case .deployment: "Deployment"
        }
    }

    /// The resource kubectl reads, with its API group: OpenKruise has a `Rollout` of its own, and a bare `rollout` or
    /// `canary` would be whichever one the cluster's discovery lists first.
    public var kubectlResource: String {
        switch self {
        case .argoRollout: "rollouts.argoproj.io"
        case .flaggerCanary: "canaries.flagger.app"
        case .deployment: "deployments.apps"
        }
    }
}
