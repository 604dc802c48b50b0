import WarRoomCore
import Yams

extension PlanDecoder {
    static let logKeys = ["name", "path", "format", "errors", "from"]

    /// `logs:`, the files tailed into the logs pane; metrics may count their lines.
    mutating func decodeLogs(_ node: Node) -> [NamedEntry<LogSpec>] {
        decodeNamed(node, key: "logs", kind: "log", keys: Self.logKeys) { decoder, log, name in
            guard let path = log.requiredString("path", sink: &decoder.sink) else { return nil }
            let format = log.optionalChoice("format", LogSpec.Format.self, sink: &decoder.sink) ?? .auto
            let errors = log.value("errors").flatMap { node in
                decoder.sink.string(node, "errors").flatMap { decoder.sink.pattern($0, "errors", at: node) }
            }
            return LogSpec(name: name, path: decoder.resolve(path), format: format, errorPattern: errors,
                           fromStart: decoder.decodeFrom(log, default: false))
        }
    }
}
