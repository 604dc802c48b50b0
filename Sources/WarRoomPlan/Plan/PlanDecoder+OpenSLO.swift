import Foundation
import WarRoomCore
import Yams

/// `slos: - openslo: slo/checkout.yaml`: an objective read from an OpenSLO v1 document (kind SLO, a ratio indicator
/// written inline). Its problems name the OpenSLO file's own lines; the plan may rename it, add cohorts and the
/// budget left, and names the Prometheus source its queries go to.
extension PlanDecoder {
    static let openSLOVersion = "openslo/v1"

    mutating func decodeImportedSLO(_ slo: MappingReader) -> NamedEntry<SLOSpec>? {
        guard let pathNode = slo.value("openslo"), let written = sink.string(pathNode, "openslo") else { return nil }
        let path = written.hasPrefix("/") || directory.isEmpty ? written : directory + "/" + written
        let text: String
        switch SourceFile.read(path) {
        case .success(let read):
            text = read
        case .failure(let failure):
            // An encoding error has a line and column in that file; anything else is about the path written here.
            if let first = failure.diagnostics.first, first.line > 0 {
                var imported = DiagnosticSink(file: path)
                failure.diagnostics.forEach { imported.add($0) }
                sink.absorb(imported, source: "")
            } else {
                let reason = failure.diagnostics.first?.message ?? "cannot read it"
                sink.error("cannot read the OpenSLO file '\(written)': \(reason)", at: pathNode,
                           hint: "the path is relative to the plan's directory")
            }
            return nil
        }
        var imported = DiagnosticSink(file: path)
        let root = YAMLDocument.compose(text, sink: &imported)
        let document = root.flatMap { readOpenSLO($0, sink: &imported) }
        let failed = imported.hasErrors
        // A file imported twice is reported once.
        if sink.importedSources[path] == nil { sink.absorb(imported, source: text) }
        guard let document, !failed else { return nil }

        let nameNode = slo.value("name")
        let name = nameNode.flatMap { sink.string($0, "name") } ?? document.name.replacingOccurrences(of: "-", with: "_")
        let position = nameNode?.textPosition ?? pathNode.textPosition
        let owner = "slo '\(name)'"
        let source = sloSource(slo, owner: owner)
        if slo.value("source") == nil {
            sink.error("\(owner) reads PromQL queries from '\(written)', but names no Prometheus source to ask", at: slo.keyMark("openslo"),
                       hint: "add source: beside openslo:, naming a source with prometheus: <url>")
        }
        let (canary, baseline) = decodeSLOCohorts(slo, owner: owner, slo: name, source: source)
        guard let source else { return NamedEntry(name: name, position: position, value: nil) }
        let events = SLOSpec.Events(good: SLOSpec.Events.querySeries(of: name, cohort: .all, document.countsBad ? "bad" : "good"),
                                    countsBad: document.countsBad, total: SLOSpec.Events.querySeries(of: name, cohort: .all, "total"),
                                    source: source, goodQuery: document.counted, totalQuery: document.total)
        let spec = finishSLO(SLOSpec(name: name, objective: document.objective, period: document.period, events: events,
                                     canary: canary, baseline: baseline), slo, description: document.description)
        return NamedEntry(name: name, position: position, value: spec)
    }

    /// What warroom takes from an OpenSLO SLO.
    struct OpenSLODocument {
        var name: String
        var description: String?
        var objective: Double
        var period: TimeInterval
        var countsBad: Bool
        /// The good (or bad) events' query, and all events'.
        var counted: String
        var total: String
    }

    /// Reads the parts warroom needs and ignores the rest (labels, service, budgeting method, alert policies):
    /// an OpenSLO file is shared with other tools, which read what they need.
    private func readOpenSLO(_ root: Node, sink: inout DiagnosticSink) -> OpenSLODocument? {
        guard let document = MappingReader(root, name: "the OpenSLO document", sink: &sink) else { return nil }
        if let node = document.required("apiVersion", sink: &sink), let version = sink.string(node, "apiVersion"),
           version != Self.openSLOVersion {
            sink.error("warroom reads OpenSLO \(Self.openSLOVersion) documents, and this one is \(version)", at: node,
                       hint: "write apiVersion: \(Self.openSLOVersion) and the v1 fields (spec.indicator.spec.ratioMetric, spec.objectives)")
        }
        if let node = document.required("kind", sink: &sink), let kind = sink.string(node, "kind"), kind != "SLO" {
            sink.error("expected an OpenSLO document of kind SLO, found \(kind)", at: node,
                       hint: "point openslo: at the SLO; warroom reads its indicator written inline")
        }
        let metadata = document.required("metadata", sink: &sink).flatMap {
            MappingReader($0, name: "metadata", introducedAt: document.keyMark("metadata"), sink: &sink)
        }
        let name = metadata?.requiredString("name", sink: &sink)
        let displayName = metadata?.optionalString("displayName", sink: &sink)
        guard let spec = document.required("spec", sink: &sink).flatMap({
            MappingReader($0, name: "spec", introducedAt: document.keyMark("spec"), sink: &sink)
        }) else { return nil }
        let description = spec.optionalString("description", sink: &sink) ?? displayName
        let objective = readObjective(spec, sink: &sink)
        let period = readTimeWindow(spec, sink: &sink)
        let ratio = readRatio(spec, sink: &sink)
        guard let name, let objective, let ratio else { return nil }
        return OpenSLODocument(name: name, description: description, objective: objective, period: period ?? 28 * 86_400,
                               countsBad: ratio.countsBad, counted: ratio.counted, total: ratio.total)
    }

    /// `spec.indicator.spec.ratioMetric`: `good` or `bad`, and `total`, each `metricSource.spec.query`.
    private func readRatio(_ spec: MappingReader, sink: inout DiagnosticSink) -> (countsBad: Bool, counted: String, total: String)? {
        if spec.contains("indicatorRef") {
            sink.error("the SLO refers to an SLI defined elsewhere (indicatorRef), which warroom does not follow", at: spec.keyMark("indicatorRef"),
                       hint: "write the indicator inline: spec: indicator: spec: ratioMetric: {good: …, total: …}")
            return nil
        }
        guard let indicator = spec.required("indicator", sink: &sink).flatMap({
            MappingReader($0, name: "indicator", introducedAt: spec.keyMark("indicator"), sink: &sink)
        }), let indicatorSpec = indicator.required("spec", sink: &sink).flatMap({
            MappingReader($0, name: "the indicator's spec", introducedAt: indicator.keyMark("spec"), sink: &sink)
        }) else { return nil }
        guard let ratioNode = indicatorSpec.value("ratioMetric") else {
            let hint = "warroom burns an error budget from counts: ratioMetric: {good: {metricSource: …}, total: {metricSource: …}}"
            if indicatorSpec.contains("thresholdMetric") {
                sink.error("the indicator is a threshold metric; warroom reads ratio metrics (good or bad events out of all)",
                           at: indicatorSpec.keyMark("thresholdMetric"), hint: hint)
            } else {
                sink.error("the indicator has no ratioMetric", at: indicator.keyMark("spec"), hint: hint)
            }
            return nil
        }
        guard let ratio = MappingReader(ratioNode, name: "ratioMetric", introducedAt: indicatorSpec.keyMark("ratioMetric"), sink: &sink)
        else { return nil }
        let given = ["good", "bad"].filter { ratio.contains($0) }
        guard given.count == 1, let kind = given.first else {
            sink.error(given.isEmpty ? "the ratioMetric has neither good nor bad" : "the ratioMetric has both good and bad; warroom reads one",
                       at: given.isEmpty ? ratio.position : ratio.keyMark("bad"),
                       hint: "keep good: (or bad:) beside total:, each with metricSource: spec: query: …")
            return nil
        }
        let counted = ratio.required(kind, sink: &sink).flatMap { query(of: $0, kind, sink: &sink) }
        let total = ratio.required("total", sink: &sink).flatMap { query(of: $0, "total", sink: &sink) }
        guard let counted, let total else { return nil }
        // A counter's raw value is a running total: summed per interval as events it would be nonsense. Queries that
        // take its rate or increase are what warroom needs, whatever the flag says.
        if let counter = ratio.value("counter"), counter.scalar?.string == "true",
           let raw = [counted, total].first(where: { !$0.contains("rate(") && !$0.contains("increase(") }) {
            sink.error("the ratioMetric reads counters (counter: true), and '\(raw)' asks for the running total itself",
                       at: ratio.keyMark("counter"),
                       hint: "ask for its rate, e.g. sum(rate(http_requests_total[1m])): warroom sums each sample as its interval's events")
            return nil
        }
        return (kind == "bad", counted, total)
    }

    /// `metricSource: {type: Prometheus, spec: {query: …}}`, or the query written as the spec itself.
    private func query(of node: Node, _ key: String, sink: inout DiagnosticSink) -> String? {
        let hint = "write \(key): {metricSource: {type: Prometheus, spec: {query: sum(rate(http_requests_total[5m]))}}}"
        guard let side = MappingReader(node, name: "'\(key)'", sink: &sink),
              let sourceNode = side.required("metricSource", sink: &sink),
              let metricSource = MappingReader(sourceNode, name: "the metricSource of '\(key)'", introducedAt: side.keyMark("metricSource"),
                                               sink: &sink) else { return nil }
        if let type = metricSource.value("type")?.string, type.lowercased() != "prometheus" {
            sink.error("the metricSource of '\(key)' is \(type); warroom asks Prometheus", at: metricSource.value("type")!,
                       hint: "an indicator from another system needs its counts in a Prometheus source, or written out in the plan")
            return nil
        }
        guard let specNode = metricSource.required("spec", sink: &sink) else { return nil }
        let text: String?
        switch specNode {
        case .scalar: text = sink.string(specNode, "spec")
        default:
            guard let spec = MappingReader(specNode, name: "the metricSource spec of '\(key)'", introducedAt: metricSource.keyMark("spec"),
                                           sink: &sink) else { return nil }
            guard spec.value("query") != nil else {
                sink.error("the metricSource of '\(key)' has no query", at: metricSource.keyMark("spec"), hint: hint)
                return nil
            }
            text = spec.requiredString("query", sink: &sink)
        }
        let query = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if query?.isEmpty == true {
            sink.error("the query of '\(key)' is empty", at: specNode, hint: hint)
            return nil
        }
        return query
    }

    /// `spec.objectives[0]`: `target: 0.999` or `targetPercent: 99.9`.
    private func readObjective(_ spec: MappingReader, sink: inout DiagnosticSink) -> Double? {
        guard let objectives = spec.required("objectives", sink: &sink).flatMap({ sink.list($0, "objectives") }) else { return nil }
        guard let first = objectives.first,
              let objective = MappingReader(first, name: "the first objective", introducedAt: spec.keyMark("objectives"), sink: &sink)
        else {
            if objectives.isEmpty {
                sink.error("the SLO lists no objectives", at: spec.keyMark("objectives"), hint: "write objectives: [{target: 0.999}]")
            }
            return nil
        }
        if objectives.count > 1 {
            sink.warning("the SLO lists \(objectives.count) objectives; warroom watches the first", at: objectives[1].position,
                         hint: "import each objective as its own SLO if they all matter on release day")
        }
        let share: Double?
        let node: Node?
        if let target = objective.value("target") {
            node = target
            share = sink.number(target, "target")
        } else if let percent = objective.value("targetPercent") {
            node = percent
            share = sink.number(percent, "targetPercent").map { $0 / 100 }
        } else {
            sink.error("the first objective has neither target nor targetPercent", at: objective.position,
                       hint: "write target: 0.999 (or targetPercent: 99.9)")
            return nil
        }
        guard let share, let node else { return nil }
        guard share > 0, share < 1 else {
            sink.error("an objective must lie between 0 and 1 (0% and 100%), both excluded, found \(node.string ?? "")", at: node,
                       hint: "target is a share: 0.999 for 99.9%; targetPercent is a percentage: 99.9")
            return nil
        }
        return share
    }

    /// `spec.timeWindow[0].duration`: OpenSLO's shorthand (`28d`, `4w`, `1h`); nil (28 days) when not given.
    private func readTimeWindow(_ spec: MappingReader, sink: inout DiagnosticSink) -> TimeInterval? {
        guard let windows = spec.value("timeWindow").flatMap({ sink.list($0, "timeWindow") }), let first = windows.first,
              let window = MappingReader(first, name: "the time window", introducedAt: spec.keyMark("timeWindow"), sink: &sink),
              let node = window.required("duration", sink: &sink), let text = sink.string(node, "duration") else { return nil }
        let units: [Character: TimeInterval] = ["m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0 else {
            let calendar = text.last.map { "MQY".contains($0) } == true
            sink.error("expected a duration such as 28d or 4w for the time window, found '\(text)'", at: node,
                       hint: calendar ? "months, quarters and years are calendar periods; write the days, e.g. 30d"
                           : "OpenSLO writes a number then m, h, d or w")
            return nil
        }
        return Double(count) * unit
    }
}
