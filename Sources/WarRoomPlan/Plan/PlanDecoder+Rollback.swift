import WarRoomCore
import Yams

extension PlanDecoder {
    mutating func decodeRollback(_ node: Node, at position: Position?, stages: [String]) -> RollbackPlan {
        guard let rollback = MappingReader(node, name: "rollback", introducedAt: position, sink: &sink) else { return RollbackPlan() }
        rollback.checkKeys(["steps", "owners", "contingency"], sink: &sink)
        let steps = rollback.value("steps").flatMap { sink.list($0, "steps") }?.compactMap { decodeStep($0) } ?? []
        let known = KnownNames(stages)
        let owners = rollback.value("owners").flatMap { sink.list($0, "owners") }?.enumerated().compactMap { index, item in
            decodeOwner(item, index: index, stages: known)
        } ?? []
        let contingency = rollback.value("contingency").flatMap { sink.list($0, "contingency") }?.compactMap {
            sink.text($0, "contingency")
        } ?? []
        return RollbackPlan(steps: steps, owners: owners, contingency: contingency)
    }

    /// Text, or a mapping with `text` and `command` (any mapping of more than one key is read as one, so typos show).
    private mutating func decodeStep(_ node: Node) -> RollbackStep? {
        if case .mapping(let mapping) = node,
           mapping.count > 1 || mapping.keys.contains(where: { ["text", "command"].contains($0.string ?? "") }) {
            guard let step = MappingReader(node, name: "rollback step", sink: &sink) else { return nil }
            step.checkKeys(["text", "command"], sink: &sink)
            let command = step.optionalString("command", sink: &sink)
            guard let text = step.optionalString("text", sink: &sink) ?? command else { return nil }
            return RollbackStep(text, command: command)
        }
        return sink.text(node, "steps").map { RollbackStep($0) }
    }

    /// `stages: all` or a list of stage names, `primary`, and optionally `backup`.
    private mutating func decodeOwner(_ node: Node, index: Int, stages known: KnownNames) -> RollbackOwner? {
        guard let owner = MappingReader(node, name: "rollback owner \(index + 1)", sink: &sink) else { return nil }
        owner.checkKeys(["stages", "primary", "backup"], sink: &sink)
        let primary = owner.requiredString("primary", sink: &sink)
        let backup = owner.optionalString("backup", sink: &sink)
        var stages: [String] = []
        if let node = owner.value("stages"), let names = sink.names(node, "stages"), names.map(\.name) != ["all"] {
            for stage in names where sink.checkReference(stage.name, kind: "stage", known: known, at: stage.node.textPosition,
                                                         context: "rollback owner \(index + 1)") {
                stages.append(stage.name)
            }
        }
        return primary.map { RollbackOwner(stages: stages, primary: $0, backup: backup) }
    }
}
