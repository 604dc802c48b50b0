import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let checklistItemKeys = ["text", "owner", "due", "blocks_promotion"]

    /// Items get ids `<phase>.<n>`, numbered from 1 within their phase; phases come out in launch order.
    mutating func decodeChecklist(_ node: Node, at position: Position?) -> [ChecklistItem] {
        guard let checklist = MappingReader(node, name: "checklist", introducedAt: position, sink: &sink) else { return [] }
        var byPhase: [ChecklistPhase: [ChecklistItem]] = [:]
        for (key, keyMark, value) in checklist.pairs {
            guard let phase = ChecklistPhase(rawValue: key) else {
                let known = ChecklistPhase.allCases.map(\.rawValue)
                sink.error("unknown checklist phase '\(key)'\(sink.suggestion(for: key, in: known))", at: keyMark,
                           hint: "phases are \(known.joined(separator: ", "))")
                continue
            }
            guard !value.isNull, let items = sink.list(value, key) else { continue }
            byPhase[phase] = items.enumerated().compactMap { index, item in
                decodeItem(item, id: "\(phase.rawValue).\(index + 1)", phase: phase)
            }
        }
        return ChecklistPhase.allCases.flatMap { byPhase[$0] ?? [] }
    }

    /// A plain string, or a mapping with `text`, `owner`, `due` and `blocks_promotion`.
    private mutating func decodeItem(_ node: Node, id: String, phase: ChecklistPhase) -> ChecklistItem? {
        // Text, including `- Check this: note`; a mapping using the item's own keys is a structured item.
        var isText = false
        if case .scalar = node { isText = true }
        if case .mapping(let mapping) = node, mapping.count == 1, let pair = mapping.first, case .scalar = pair.value,
           !Self.checklistItemKeys.contains(pair.key.string ?? "") { isText = true }
        if isText { return sink.text(node, "checklist item").map { ChecklistItem(id: id, phase: phase, text: $0) } }
        guard let item = MappingReader(node, name: "checklist item \(id)", sink: &sink) else { return nil }
        item.checkKeys(Self.checklistItemKeys, sink: &sink)
        let text = item.requiredString("text", sink: &sink)
        let owner = item.optionalString("owner", sink: &sink)
        let blocks = item.optionalBoolean("blocks_promotion", sink: &sink) ?? false
        let due = item.value("due").flatMap { dueNode in
            sink.offset(dueNode, "due").map { checkDue($0, phase: phase, at: dueNode) }
        }
        if blocks, phase == .postLaunch {
            sink.warning("post-launch item \(id) blocks promotion, so every stage waits for it", at: item.keyMark("blocks_promotion"),
                         hint: "post-launch work follows the last stage; move the item to launch_day if promotion must wait")
        }
        return text.map { ChecklistItem(id: id, phase: phase, text: $0, owner: owner, blocksPromotion: blocks, due: due) }
    }

    /// Pre-launch work is due before T0, post-launch work after it.
    private mutating func checkDue(_ due: TimeInterval, phase: ChecklistPhase, at node: Node) -> TimeInterval {
        guard !phase.admits(due: due) else { return due }
        let written = (due < 0 ? "T-" : "T+") + DurationText.formatPlan(abs(due))
        if phase == .preLaunch {
            sink.error("pre-launch item due at \(written), after launch", at: node,
                       hint: "pre-launch items are due before T0 (T-2h); move it to launch_day or post_launch")
        } else {
            sink.error("post-launch item due at \(written), before launch", at: node,
                       hint: "post-launch items are due after T0 (T+1d); move it to pre_launch or launch_day")
        }
        return due
    }
}
