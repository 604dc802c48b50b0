import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    mutating func decodeSources(_ node: Node, at position: Position?) -> [SourceSpec] {
        guard let sources = MappingReader(node, name: "sources", introducedAt: position, sink: &sink) else { return [] }
        sources.checkKeys(["metrics", "logs"], sink: &sink)
        let metrics = sources.value("metrics").flatMap { sink.names($0, "metrics") } ?? []
        let logs = sources.value("logs").flatMap { sink.names($0, "logs") } ?? []
        return metrics.map { .metricFile(path: resolve($0.name)) } + logs.map { .logFile(path: resolve($0.name)) }
    }

    /// A plan names its files relative to itself, so it works from whatever directory warroom runs in.
    private func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), !directory.isEmpty else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}
