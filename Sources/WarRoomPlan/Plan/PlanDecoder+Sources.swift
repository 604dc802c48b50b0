import Foundation
import WarRoomCore
import Yams

extension PlanDecoder {
    static let sourceKeys = ["name", "file", "command", "prometheus", "format", "from", "interval", "timeout", "token"]
    static let sourceKinds = ["file", "command", "prometheus"]

    /// `sources:`, the named places metrics come from: a file, a command or a Prometheus server each.
    mutating func decodeSources(_ node: Node) -> [NamedEntry<MetricSource>] {
        decodeNamed(node, key: "sources", kind: "source", keys: Self.sourceKeys) { decoder, source, name in
            decoder.decodeSource(source, name: name)
        }
    }

    private mutating func decodeSource(_ source: MappingReader, name: String) -> MetricSource? {
        let given = Self.sourceKinds.filter { source.value($0) != nil }
        guard let kindKey = given.first else {
            sink.error("source '\(name)' says neither file, command nor prometheus", at: source.position,
                       hint: "add one of: file: metrics.jsonl, command: ./probe.sh, prometheus: http://127.0.0.1:9090")
            return nil
        }
        for extra in given.dropFirst() {
            sink.error("source '\(name)' has both '\(kindKey)' and '\(extra)'; a source is one of them",
                       at: source.keyMark(extra), hint: "split it into two sources with their own names")
        }
        let polled = kindKey != "file"
        for key in ["interval", "timeout"] where !polled && source.contains(key) {
            sink.error("'\(key)' is for command and prometheus sources; a file is followed as it grows", at: source.keyMark(key))
        }
        if kindKey != "prometheus", source.contains("token") {
            sink.error("'token' is for prometheus sources", at: source.keyMark("token"))
        }
        if kindKey != "file", source.contains("from") {
            sink.error("'from' is for file sources", at: source.keyMark("from"))
        }
        let (interval, timeout) = decodeSchedule(source, interval: 15, timeout: 5)
        let kind: MetricSource.Kind?
        switch kindKey {
        case "file":
            guard let pathNode = source.value("file"), let path = sink.string(pathNode, "file") else { return nil }
            let format = decodeFormat(source, implied: MetricFormat.implied(byPath: path), what: "'\(path)' from its name")
            let fromStart = decodeFrom(source, default: true)
            kind = format.map { .file(path: resolve(path), format: $0, fromStart: fromStart) }
        case "command":
            let command = source.value("command").flatMap { sink.string($0, "command") }
            let format = decodeFormat(source, implied: nil, what: "a command's output")
            kind = command.flatMap { command in format.map { .command(command, format: $0) } }
        default:
            if source.contains("format") {
                sink.error("Prometheus answers in its own format; drop 'format'", at: source.keyMark("format"))
            }
            let url = source.value("prometheus").flatMap { sink.url($0, "prometheus") }
            let token = source.value("token").flatMap { sink.secret($0, "token", environment: environment) }
            kind = url.map { .prometheus(url: $0, token: token) }
        }
        return kind.map { MetricSource(name: name, kind: $0, interval: interval, timeout: timeout) }
    }

    private mutating func decodeFormat(_ source: MappingReader, implied: MetricFormat?, what: String) -> MetricFormat? {
        if source.value("format") != nil { return source.optionalChoice("format", MetricFormat.self, sink: &sink) }
        if let implied { return implied }
        let known = MetricFormat.allCases.map(\.rawValue).joined(separator: ", ")
        sink.error("cannot tell the format of \(what); add 'format:'", at: source.position, hint: "format is one of: \(known)")
        return nil
    }

    /// `from: start` reads what a file already holds; `from: end` only what is appended.
    mutating func decodeFrom(_ reader: MappingReader, default fromStart: Bool) -> Bool {
        guard let node = reader.value("from"), let text = sink.string(node, "from") else { return fromStart }
        switch text {
        case "start": return true
        case "end": return false
        default:
            sink.error("expected start or end for 'from', found '\(text)'", at: node,
                       hint: "start reads the whole file first; end follows only new lines")
            return fromStart
        }
    }

    /// `interval` and `timeout` of anything polled; a timeout longer than the interval would overlap the next poll.
    mutating func decodeSchedule(_ reader: MappingReader, interval defaultInterval: TimeInterval,
                                 timeout defaultTimeout: TimeInterval) -> (interval: TimeInterval, timeout: TimeInterval) {
        let interval = reader.optionalDuration("interval", sink: &sink) ?? defaultInterval
        if interval <= 0, let node = reader.value("interval") {
            sink.error("'interval' must be longer than 0", at: node)
        }
        let timeout = reader.optionalDuration("timeout", sink: &sink) ?? min(defaultTimeout, interval)
        if let node = reader.value("timeout"), timeout <= 0 || timeout > interval {
            sink.error("'timeout' \(DurationText.formatPlan(timeout)) must be above 0 and at most the interval (\(DurationText.formatPlan(interval)))",
                       at: node, hint: "a probe that can outlast its interval would overlap the next one")
        }
        return (interval, timeout)
    }

    /// A plan names its files relative to itself, so it works from whatever directory warroom runs in.
    func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), !directory.isEmpty else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}
