import Foundation

/// Why a changed plan cannot amend a running release: the journal already holds something the plan takes away.
/// Each case names what the plan changes; `description` says it in words, with the way out.
public enum PlanAmendmentRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The plan is for another release (name or version): it needs a journal of its own.
    case anotherRelease(journalName: String, journalVersion: String, planName: String, planVersion: String)
    /// A stage this release reached is gone from the plan.
    case reachedStageRemoved(stage: String)
    /// A stage this release reached has another name in the plan.
    case reachedStageRenamed(stage: String, to: String)
    /// A stage this release reached sits at another place in the plan (1-based positions); promotions are journaled
    /// by position, so every reached stage must keep its own.
    case reachedStageMoved(stage: String, from: Int, to: Int)
    /// The plan has fewer stages than the one this release is at (1-based).
    case tooFewStages(planned: Int, at: Int)
    /// A ticked checklist item's id (`launch_day.2`) is gone from the plan; ticks are journaled by id.
    case tickedItemRemoved(id: String, text: String)
    /// A decided decision point's id (`T+1h`) is gone from the plan; decisions are journaled by id.
    case decidedPointRemoved(id: String, title: String)
    /// The plan watches another rollout controller than the one this started release went out through.
    case rolloutRetargeted(from: RolloutController, to: RolloutController)

    private static let newJournal = "start a new journal with --journal <new file>."

    public var description: String {
        switch self {
        case .anotherRelease(let journalName, let journalVersion, let planName, let planVersion):
            "this journal is for \(journalName) \(journalVersion); the plan is for \(planName) \(planVersion). "
                + "Pass another --journal for the new release."
        case .reachedStageRemoved(let stage):
            "the plan removes stage '\(stage)', which this release already reached. Put the stage back, or \(Self.newJournal)"
        case .reachedStageRenamed(let stage, let name):
            "the plan renames stage '\(stage)', which this release already reached, to '\(name)'. "
                + "Keep its name, or \(Self.newJournal)"
        case .reachedStageMoved(let stage, let from, let to):
            "the plan moves stage '\(stage)', which this release already reached, from position \(from) to \(to). "
                + "Keep the stages already reached first and in their order, or \(Self.newJournal)"
        case .tooFewStages(let planned, let at):
            "the plan has \(planned) \(planned == 1 ? "stage" : "stages"); this release is already at stage \(at). "
                + "Put the stages back, or \(Self.newJournal)"
        case .tickedItemRemoved(let id, let text):
            "the plan removes checklist item '\(text)' (\(Self.place(ofItem: id))), which is already ticked. "
                + "Put it back as \(Self.place(ofItem: id)), or \(Self.newJournal)"
        case .decidedPointRemoved(let id, let title):
            "the plan removes decision point \(id) '\(title)', which this release already decided. "
                + "Put it back at \(id), or \(Self.newJournal)"
        case .rolloutRetargeted(let from, let to):
            "the plan changes the rollout controller from \(from) to \(to) after this release started; its stages were "
                + "promoted on the first, and the second would be driven from a stage it never went through. "
                + "Keep the controller, or \(Self.newJournal)"
        }
    }

    /// `launch_day.2` read as "item 2 of launch day": ticks follow an item's place in its phase, so the way out
    /// names the place, not the key.
    private static func place(ofItem id: String) -> String {
        let parts = id.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let phase = ChecklistPhase(rawValue: parts[0]), Int(parts[1]) != nil else { return "item \(id)" }
        return "item \(parts[1]) of \(phase.title.lowercased())"
    }
}

extension PlanAmendmentRefusal {
    /// The first thing `new` takes away from a release that has come as far as `progress`, or nil when it may amend
    /// `current`. Release first: for another release nothing else matters.
    static func first(_ current: Plan, _ new: Plan, progress: FoldedState) -> PlanAmendmentRefusal? {
        if current.release.name != new.release.name || current.release.version != new.release.version {
            return .anotherRelease(journalName: current.release.name, journalVersion: current.release.version,
                                   planName: new.release.name, planVersion: new.release.version)
        }
        return reachedStage(current.stages, new.stages, progress: progress)
            ?? tickedItem(current.checklist, new.checklist, ticks: progress.ticks)
            ?? decidedPoint(current.decisionPoints, new.decisionPoints, decisions: progress.decisions)
            ?? retargetedRollout(current.rollout, new.rollout, progress: progress)
    }

    /// Promotions are journaled by stage position, so every stage up to the current one must stay, by name and place.
    /// Before T0 no stage is reached, but the plan still needs the stage the release is at.
    private static func reachedStage(_ current: [Stage], _ new: [Stage], progress: FoldedState) -> PlanAmendmentRefusal? {
        let reached = progress.t0 == nil ? [] : current.prefix(progress.stageIndex + 1)
        let newNames = new.map(\.name), currentNames = Set(current.map(\.name))
        for (position, stage) in reached.enumerated() {
            let inItsPlace = newNames.indices.contains(position) ? newNames[position] : nil
            guard inItsPlace != stage.name else { continue }
            if let moved = newNames.firstIndex(of: stage.name) {
                return .reachedStageMoved(stage: stage.name, from: position + 1, to: moved + 1)
            }
            // A name the current plan does not know, in the place of one it does, is the same stage renamed.
            if let inItsPlace, !currentNames.contains(inItsPlace) {
                return .reachedStageRenamed(stage: stage.name, to: inItsPlace)
            }
            return .reachedStageRemoved(stage: stage.name)
        }
        // Reached stages all in place leave this only for a plan with no stages, or a `current` behind `progress`.
        guard new.count > progress.stageIndex else { return .tooFewStages(planned: new.count, at: progress.stageIndex + 1) }
        return nil
    }

    /// Once T0 is set the release goes out through its controller, so another target is refused; a controller added
    /// or removed, read-only, the poll and a command's promote and abort may change (docs/decisions.md).
    private static func retargetedRollout(_ current: RolloutSpec?, _ new: RolloutSpec?,
                                          progress: FoldedState) -> PlanAmendmentRefusal? {
        guard progress.t0 != nil, let from = current?.controller, let to = new?.controller, from.target != to.target else {
            return nil
        }
        return .rolloutRetargeted(from: from, to: to)
    }

    private static func tickedItem(_ current: [ChecklistItem], _ new: [ChecklistItem],
                                   ticks: [String: AppState.Tick]) -> PlanAmendmentRefusal? {
        let kept = Set(new.map(\.id))
        return current.first { ticks[$0.id] != nil && !kept.contains($0.id) }
            .map { .tickedItemRemoved(id: $0.id, text: $0.text) }
    }

    private static func decidedPoint(_ current: [DecisionPoint], _ new: [DecisionPoint],
                                     decisions: [String: AppState.Decision]) -> PlanAmendmentRefusal? {
        let kept = Set(new.map(\.id))
        return current.first { decisions[$0.id] != nil && !kept.contains($0.id) }
            .map { .decidedPointRemoved(id: $0.id, title: $0.title) }
    }
}
