import Foundation
import WarRoomCore

/// Reads a Flagger `Canary` (`kubectl get canary NAME -o json`) as pkg/apis/flagger/v1beta1 writes it. Flagger
/// keeps no message of its own: the `Promoted` condition's message is the one it gives for each phase.
enum FlaggerCanaryStatus {
    /// Throws ``ControllerParseError``.
    static func parse(_ bytes: [UInt8]) throws -> ControllerStatus {
        let root = try JSONCursor.resource(bytes, kind: "Canary")
        let metadata = try root.required("metadata")
        let spec = try root.required("spec")
        let status = try root.required("status")
        guard case .object = status.value else { throw status.mismatch("an object") }

        // `canaryAnalysis` is the field's name before v1beta1 (still read by Flagger).
        let analysis = try spec.object("analysis") ?? spec.object("canaryAnalysis")
        let rawPhase = try status.string("phase") ?? ""
        let phase = Self.phase(rawPhase)
        let weight = try status.percent("canaryWeight") ?? 0
        let iterations = try analysis?.count("iterations") ?? 0
        let promoted = try status.array("conditions").first { try $0.string("type") == "Promoted" }
        let applied = try status.string("lastAppliedSpec")
        let stable = try status.string("lastPromotedSpec")

        return ControllerStatus(
            kind: .flaggerCanary,
            name: try metadata.required("name").string().excerpt(ControllerStatus.shortTextLimit),
            namespace: try metadata.string("namespace")?.kept(ControllerStatus.shortTextLimit),
            phase: phase,
            rawPhase: rawPhase.excerpt(ControllerStatus.shortTextLimit),
            message: try promoted?.string("message")?.kept(ControllerStatus.textLimit),
            step: try step(analysis, status: status, weight: weight, phase: phase),
            // A/B testing and blue/green (`iterations`) route by header or all at once: no weight to show.
            weight: iterations > 0 ? nil : ControllerStatus.Weight(set: nil, actual: weight),
            pause: try pause(rawPhase, phase: phase, status: status),
            // Flagger's own default threshold is 1 (`GetAnalysisThreshold`).
            checks: ControllerStatus.Checks(failed: try status.count("failedChecks") ?? 0,
                                            threshold: max(1, try analysis?.count("threshold") ?? 1)),
            stableHash: stable?.kept(ControllerStatus.shortTextLimit),
            canaryHash: applied == stable ? nil : applied?.kept(ControllerStatus.shortTextLimit))
    }

    /// While it waits for approval (a `confirm-rollout` or `confirm-promotion` webhook), since its last transition.
    static func pause(_ raw: String, phase: ControllerStatus.Phase, status: JSONCursor) throws -> ControllerStatus.Pause? {
        guard phase == .paused else { return nil }
        return ControllerStatus.Pause(reason: raw.excerpt(ControllerStatus.shortTextLimit), since: try status.date("lastTransitionTime"))
    }

    static func phase(_ raw: String) -> ControllerStatus.Phase {
        switch raw {
        case "Initializing", "Progressing", "Promoting", "Finalising": .progressing
        case "Waiting", "WaitingPromotion": .paused
        // Initialized: set up, no new revision yet; the primary serves everything.
        case "Initialized", "Succeeded": .healthy
        // Failed: Flagger routed all traffic back to the primary and scaled the canary to zero.
        case "Failed": .aborted
        // Terminating and Terminated: the Canary is being deleted; neither rolling nor done.
        default: .unknown
        }
    }

    /// Where the analysis is, while it runs: iterations done of `analysis.iterations`, or for a weighted canary
    /// the weight reached in steps of `stepWeight` up to `maxWeight` (or through the list `stepWeights`).
    static func step(_ analysis: JSONCursor?, status: JSONCursor, weight: Int,
                     phase: ControllerStatus.Phase) throws -> ControllerStatus.Step? {
        guard let analysis, phase == .progressing || phase == .paused else { return nil }
        if let iterations = try analysis.count("iterations"), iterations > 0 {
            return ControllerStatus.Step(index: min(try status.count("iterations") ?? 0, iterations), count: iterations)
        }
        let weights = try analysis.array("stepWeights").map { try $0.percent() }
        if !weights.isEmpty {
            return ControllerStatus.Step(index: weights.filter { $0 <= weight }.count, count: weights.count)
        }
        guard let stepWeight = try analysis.percent("stepWeight"), stepWeight > 0,
              let maxWeight = try analysis.percent("maxWeight"), maxWeight > 0 else { return nil }
        let count = (maxWeight + stepWeight - 1) / stepWeight
        return ControllerStatus.Step(index: min((weight + stepWeight - 1) / stepWeight, count), count: count)
    }
}
