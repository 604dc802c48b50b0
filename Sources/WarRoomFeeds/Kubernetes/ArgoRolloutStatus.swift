import Foundation
import WarRoomCore

/// Reads an Argo Rollouts `Rollout` (`kubectl get rollout NAME -o json`) and, optionally, the `AnalysisRun` its
/// current step runs (`kubectl get analysisrun NAME -o json`), as the controller's types in
/// pkg/apis/rollouts/v1alpha1 write them. Only the fields docs/rollout-controllers.md lists are read.
enum ArgoRolloutStatus {
    static func parse(_ rollout: [UInt8], analysisRun: [UInt8]? = nil) throws -> ControllerStatus {
        let root = try JSONCursor.resource(rollout, kind: "Rollout")
        let metadata = try root.required("metadata")
        let spec = try root.required("spec")
        let status = try root.required("status")
        guard case .object = status.value else { throw status.mismatch("an object") }

        let aborted = try status.bool("abort") ?? false
        let rawPhase = try status.string("phase") ?? ""
        let generation = try metadata.int("generation")
        let lag = try generationLag(generation: generation, observed: status.field("observedGeneration"))
        let stable = try status.string("stableRS")
        let current = try status.string("currentPodHash")
        // One version running (fully promoted, or not started): there is no canary to name.
        let canary = current == stable ? nil : current

        let canaryStrategy = try spec.object("strategy")?.object("canary")
        let steps = try canaryStrategy.map { (canary) in try canary.array("steps") } ?? []
        // Past the last step is done; a shorter spec not yet observed must not point beyond it.
        let index = min(try status.count("currentStepIndex") ?? 0, steps.count)
        let canaryStatus = try status.object("canary")

        var weight: ControllerStatus.Weight?
        if canaryStrategy != nil {
            let set = try setWeight(steps: steps, index: index, aborted: aborted)
            // Argo writes weights only with traffic routing; without it the split is by pods and unrecorded.
            var actual = try canaryStatus?.object("weights")?.required("canary").required("weight").percent()
            if actual != nil, canary == nil { actual = 100 }
            weight = ControllerStatus.Weight(set: set, actual: actual)
        }

        let pause = try status.array("pauseConditions").first.map { (condition) in
            ControllerStatus.Pause(reason: try condition.required("reason").string().kept(ControllerStatus.shortTextLimit) ?? "",
                                   since: try condition.date("startTime"))
        }

        return ControllerStatus(
            kind: .argoRollout,
            name: try metadata.required("name").string().excerpt(ControllerStatus.shortTextLimit),
            namespace: try metadata.string("namespace")?.kept(ControllerStatus.shortTextLimit),
            phase: phase(rawPhase, aborted: aborted, lag: lag),
            rawPhase: rawPhase.excerpt(ControllerStatus.shortTextLimit),
            message: try status.string("message")?.kept(ControllerStatus.textLimit),
            step: steps.isEmpty ? nil : ControllerStatus.Step(index: index, count: steps.count),
            weight: weight,
            pause: pause,
            analysis: try analysis(canaryStatus, run: analysisRun),
            replicas: ControllerStatus.Replicas(
                desired: try spec.count("replicas") ?? 1, updated: try status.count("updatedReplicas") ?? 0,
                ready: try status.count("readyReplicas") ?? 0, available: try status.count("availableReplicas") ?? 0),
            stableHash: stable?.kept(ControllerStatus.shortTextLimit),
            canaryHash: canary?.kept(ControllerStatus.shortTextLimit),
            generationLag: lag,
            generation: generation)
    }

    /// Argo's own order: an abort wins over the phase it leaves (`Degraded`), and a phase written for an older
    /// spec is not believed (its docs: rely on it only once `observedGeneration` equals `generation`).
    static func phase(_ raw: String, aborted: Bool, lag: Int?) -> ControllerStatus.Phase {
        if aborted { return .aborted }
        if let lag, lag > 0 { return .progressing }
        switch raw {
        case "Progressing": return .progressing
        case "Paused": return .paused
        case "Healthy": return .healthy
        case "Degraded": return .degraded
        default: return .unknown
        }
    }

    /// The weight the current step asks for, as the controller computes it (`GetCurrentSetWeight`): 0 once
    /// aborted, 100 past the last step, else the last `setWeight` at or before the current step.
    static func setWeight(steps: [JSONCursor], index: Int, aborted: Bool) throws -> Int {
        if aborted { return 0 }
        guard index < steps.count else { return 100 }
        for step in steps[...index].reversed() {
            if let weight = try step.percent("setWeight") { return weight }
        }
        return 0
    }

    /// Argo writes `status.observedGeneration` as a string of the generation's digits (older versions wrote a
    /// hash there, which says nothing about lag).
    static func generationLag(generation: Int?, observed: JSONCursor?) throws -> Int? {
        guard let generation, let observed else { return nil }
        let seen: Int?
        switch observed.value {
        case .string(let text): seen = Int(text)
        case .number: seen = try observed.int()
        default: throw observed.mismatch("a generation (a string of digits)")
        }
        return seen.map { max(0, generation - $0) }
    }

    /// The current step's analysis, else the background one; with the run itself, its metrics. A run other than
    /// the one the rollout names (an older step's, read in a race) adds nothing.
    static func analysis(_ canaryStatus: JSONCursor?, run: [UInt8]?) throws -> ControllerStatus.Analysis? {
        let metrics = try run.map { (bytes) in try AnalysisRunMetrics.parse(bytes) }
        guard let summary = try canaryStatus?.object("currentStepAnalysisRunStatus")
                ?? canaryStatus?.object("currentBackgroundAnalysisRunStatus") else { return nil }
        let name = try summary.required("name").string()
        return ControllerStatus.Analysis(
            name: name.excerpt(ControllerStatus.shortTextLimit),
            phase: AnalysisPhase(rawValue: try summary.string("status") ?? "").kept(),
            message: try summary.string("message")?.kept(ControllerStatus.textLimit),
            metrics: metrics?.name == name ? metrics?.metrics ?? [] : [])
    }
}

extension AnalysisPhase {
    /// An unknown word cut short like any outside text.
    func kept() -> AnalysisPhase {
        if case .other(let text) = self { return .other(text.excerpt(ControllerStatus.shortTextLimit)) }
        return self
    }
}
