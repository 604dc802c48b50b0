import WarRoomCore
import Yams

extension PlanDecoder {
    static let logKeys = ["name", "path", "format", "errors", "from", "journal_rate"]

    /// `logs:`, the files tailed into the logs pane; metrics may count their lines.
    mutating func decodeLogs(_ node: Node) -> [NamedEntry<LogSpec>] {
        decodeNamed(node, key: "logs", kind: "log", keys: Self.logKeys) { decoder, log, name in
            guard let path = log.requiredString("path", sink: &decoder.sink) else { return nil }
            let format = log.optionalChoice("format", LogSpec.Format.self, sink: &decoder.sink) ?? .auto
            let errors = log.value("errors").flatMap { node in
                decoder.sink.string(node, "errors").flatMap { decoder.sink.pattern($0, "errors", at: node) }
            }
            let rate = log.value("journal_rate").flatMap { node -> Int? in
                guard let rate = decoder.sink.integer(node, "journal_rate") else { return nil }
                guard (0...10_000).contains(rate) else {
                    decoder.sink.error("'journal_rate' is lines a second below WARN to journal, from 0 to 10000; found \(rate)", at: node)
                    return nil
                }
                return rate
            }
            return LogSpec(name: name, path: decoder.resolve(path), format: format, errorPattern: errors,
                           fromStart: decoder.decodeFrom(log, default: false), journalRate: rate)
        }
    }
}
