import WarRoomCore
import Yams

extension PlanDecoder {
    mutating func decodeRollback(_ node: Node, at position: Position?) -> [String] {
        guard let rollback = MappingReader(node, name: "rollback", introducedAt: position, sink: &sink) else { return [] }
        rollback.checkKeys(["steps"], sink: &sink)
        guard let steps = rollback.required("steps", sink: &sink).flatMap({ sink.list($0, "steps") }) else { return [] }
        return steps.compactMap { decodeStep($0) }
    }

    /// A step is text; `- Abort: kubectl …` is YAML for a one-key mapping, which is taken back as the text the
    /// author meant rather than rejected, since commands in steps so often contain a colon.
    private mutating func decodeStep(_ node: Node) -> String? {
        if case .mapping(let mapping) = node, mapping.count == 1, let pair = mapping.first,
           let key = pair.key.string, case .scalar(let value) = pair.value {
            return "\(key): \(value.string)"
        }
        return sink.string(node, "steps")
    }
}
