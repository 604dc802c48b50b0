import Foundation
import WarRoomCore

/// Reads a Kubernetes `Deployment` (`kubectl get deployment NAME -o json`, apps/v1). A Deployment has no phase:
/// it is judged as `kubectl rollout status` judges it, from its generations, its `Progressing` condition and its
/// replica counts, and the condition's reason stands in for the raw phase.
enum DeploymentStatus {
    /// Throws ``ControllerParseError``.
    static func parse(_ bytes: [UInt8]) throws -> ControllerStatus {
        let root = try JSONCursor.resource(bytes, kind: "Deployment")
        let metadata = try root.required("metadata")
        let spec = try root.required("spec")
        let status = try root.required("status")
        guard case .object = status.value else { throw status.mismatch("an object") }

        let replicas = ControllerStatus.Replicas(
            desired: try spec.count("replicas") ?? 1, updated: try status.count("updatedReplicas") ?? 0,
            ready: try status.count("readyReplicas") ?? 0, available: try status.count("availableReplicas") ?? 0)
        let total = try status.count("replicas") ?? 0
        var lag: Int?
        let generation = try metadata.int("generation")
        if let generation, let observed = try status.int("observedGeneration") {
            lag = max(0, generation - observed)
        }
        let progressing = try status.array("conditions").first { try $0.string("type") == "Progressing" }
        let reason = try progressing?.string("reason") ?? ""
        let paused = try spec.bool("paused") ?? false

        let phase: ControllerStatus.Phase
        if let lag, lag > 0 {
            phase = .progressing
        } else if reason == "ProgressDeadlineExceeded" {
            phase = .degraded
        } else if paused {
            phase = .paused
        } else if replicas.updated < replicas.desired || total > replicas.updated || replicas.available < replicas.updated {
            // Not all pods updated, old ones still terminating, or new ones not yet available.
            phase = .progressing
        } else {
            phase = .healthy
        }

        return ControllerStatus(
            kind: .deployment,
            name: try metadata.required("name").string().excerpt(ControllerStatus.shortTextLimit),
            namespace: try metadata.string("namespace")?.kept(ControllerStatus.shortTextLimit),
            phase: phase,
            rawPhase: reason.excerpt(ControllerStatus.shortTextLimit),
            message: try progressing?.string("message")?.kept(ControllerStatus.textLimit),
            pause: paused ? ControllerStatus.Pause(reason: "DeploymentPaused") : nil,
            replicas: replicas,
            generationLag: lag,
            generation: generation)
    }
}
