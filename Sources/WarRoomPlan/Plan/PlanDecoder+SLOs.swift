import Foundation
import WarRoomCore
import Yams

/// `slos:`, the service level objectives whose burn rates triggers watch: written out, or imported from OpenSLO.
extension PlanDecoder {
    static let sloKeys = ["name", "objective", "period", "good", "bad", "total", "cohorts", "budget_remaining", "description",
                          "source", "openslo"]
    /// Beside `openslo:`, the keys the plan may still set; the others come from the file.
    static let importedSLOKeys = ["openslo", "name", "source", "cohorts", "budget_remaining", "description"]
    static let eventsHint = "write good: (or bad:) and total:, each the series of a count, e.g. good: checkout_ok, total: checkout_requests"

    mutating func decodeSLOs(_ node: Node) -> [NamedEntry<SLOSpec>] {
        guard let items = sink.list(node, "slos") else { return [] }
        var seen: [String: Position?] = [:]
        var entries: [NamedEntry<SLOSpec>] = []
        for (index, item) in items.enumerated() {
            guard let reader = MappingReader(item, name: "slo \(index + 1)", sink: &sink) else { continue }
            let errorsBefore = sink.errorCount
            let entry: NamedEntry<SLOSpec>?
            if reader.contains("openslo") {
                reader.checkKeys(Self.sloKeys, sink: &sink)
                for key in reader.keys where Self.sloKeys.contains(key) && !Self.importedSLOKeys.contains(key) {
                    sink.error("'\(key)' comes from the OpenSLO file beside 'openslo:'", at: reader.keyMark(key),
                               hint: "change it in the OpenSLO file, or write the objective out without 'openslo:'")
                }
                entry = decodeImportedSLO(reader)
            } else {
                reader.checkKeys(Self.sloKeys, sink: &sink)
                entry = decodeWrittenSLO(reader)
            }
            guard var entry else { continue }
            checkWord(entry.name, kind: "slo", at: entry.position)
            checkUnique(entry.name, kind: "slo", at: entry.position, seen: &seen)
            if sink.errorCount != errorsBefore { entry.value = nil }
            entries.append(entry)
        }
        return entries
    }

    private mutating func decodeWrittenSLO(_ slo: MappingReader) -> NamedEntry<SLOSpec>? {
        guard let name = slo.requiredString("name", sink: &sink) else { return nil }
        let position = slo.value("name")?.textPosition
        let owner = "slo '\(name)'"
        let objective = slo.required("objective", sink: &sink).flatMap { objectiveShare($0) }
        let period = slo.value("period").flatMap { periodDuration($0) } ?? 28 * 86_400
        let source = sloSource(slo, owner: owner)
        let events = decodeEvents(slo, owner: owner, slo: name, cohort: .all, source: source)
        let (canary, baseline) = decodeSLOCohorts(slo, owner: owner, slo: name, source: source)
        let finished = finishSLO(SLOSpec(name: name, objective: objective ?? 0.5, period: period,
                                         events: events ?? SLOSpec.Events(good: "", total: ""), canary: canary, baseline: baseline), slo)
        // Read in full either way, so every mistake is reported; kept only when whole.
        let spec = objective != nil && events != nil ? finished : nil
        return NamedEntry(name: name, position: position, value: spec)
    }

    /// What every objective may set, written or imported: the budget left at T0 and the description.
    mutating func finishSLO(_ spec: SLOSpec, _ slo: MappingReader, description fallback: String? = nil) -> SLOSpec {
        var spec = spec
        if let node = slo.value("budget_remaining"),
           let left = sink.percent(node, "budget_remaining", example: "60%", within: 0...100) {
            spec.budgetAtStart = left
        }
        spec.description = slo.optionalString("description", sink: &sink) ?? fallback ?? spec.description
        return spec
    }

    /// `99.9%`: the share of good events promised, strictly between 0% and 100% (100% leaves no budget to burn).
    mutating func objectiveShare(_ node: Node) -> Double? {
        guard let share = sink.percent(node, "objective", example: "99.9%") else { return nil }
        guard share > 0, share < 1 else {
            sink.error("an objective of \(node.string ?? "") leaves \(share >= 1 ? "no error budget to burn" : "nothing to promise")",
                       at: node, hint: "write the share of events that must be good, e.g. objective: 99.9%")
            return nil
        }
        return share
    }

    private mutating func periodDuration(_ node: Node) -> TimeInterval? {
        guard let period = sink.duration(node, "period") else { return nil }
        guard period > 0 else {
            sink.error("'period' must be longer than 0", at: node, hint: "the error budget's period, 28d by default")
            return nil
        }
        return period
    }

    /// `source:`, a Prometheus source the objective's counts are queried from; nil when the counts are series.
    mutating func sloSource(_ slo: MappingReader, owner: String) -> String? {
        guard let node = slo.value("source"), let name = sink.string(node, "source"),
              sink.checkReference(name, kind: "source", known: sourceNames, at: node.textPosition, context: owner) else { return nil }
        guard let kind = sourceNames.index(of: name).flatMap({ sources[$0].value?.kind }) else { return nil }
        switch kind {
        case .prometheus: return name
        case .file, .command:
            sink.error("\(owner) queries source '\(name)', which is not a Prometheus source", at: node.textPosition,
                       hint: "a file or command source writes series by name: drop 'source:' and name them in good: and total:")
            return nil
        }
    }

    /// `good:` or `bad:`, and `total:`: series names, or PromQL queries when the objective names a Prometheus source.
    mutating func decodeEvents(_ reader: MappingReader, owner: String, slo: String, cohort: SLOCohort,
                               source: String?) -> SLOSpec.Events? {
        let given = ["good", "bad"].filter { reader.contains($0) }
        guard let kind = given.first else {
            sink.error("\(owner) counts neither good nor bad events", at: reader.position, hint: Self.eventsHint)
            return nil
        }
        if given.count > 1 {
            sink.error("\(owner) has both 'good' and 'bad'; it counts one of them against total", at: reader.keyMark("bad"),
                       hint: "keep good: for successes, or bad: for failures, not both")
            return nil
        }
        guard reader.contains("total") else {
            sink.error("\(owner) says which events are \(kind), but not how many there were in all: 'total' is missing",
                       at: reader.keyMark(kind), hint: Self.eventsHint)
            return nil
        }
        guard let countedNode = reader.required(kind, sink: &sink), let counted = eventText(countedNode, kind),
              let totalNode = reader.required("total", sink: &sink), let total = eventText(totalNode, "total") else { return nil }
        if let source {
            return SLOSpec.Events(good: SLOSpec.Events.querySeries(of: slo, cohort: cohort, kind), countsBad: kind == "bad",
                                  total: SLOSpec.Events.querySeries(of: slo, cohort: cohort, "total"), source: source,
                                  goodQuery: counted, totalQuery: total)
        }
        if counted == total {
            sink.error("\(owner) reads '\(total)' for both \(kind) and total events", at: totalNode.textPosition,
                       hint: "total counts every event, \(kind) only the \(kind) ones: name two series")
            return nil
        }
        return SLOSpec.Events(good: counted, countsBad: kind == "bad", total: total)
    }

    private mutating func eventText(_ node: Node, _ key: String) -> String? {
        guard let text = sink.string(node, key)?.trimmingCharacters(in: .whitespaces) else { return nil }
        guard !text.isEmpty else {
            sink.error("'\(key)' is empty", at: node, hint: Self.eventsHint)
            return nil
        }
        return text
    }

    /// `cohorts: {canary: {good, total}, baseline: {good, total}}`: the two versions' events, for their own ledgers.
    mutating func decodeSLOCohorts(_ slo: MappingReader, owner: String, slo name: String,
                                   source: String?) -> (SLOSpec.Events?, SLOSpec.Events?) {
        guard let node = slo.value("cohorts"),
              let cohorts = MappingReader(node, name: "the cohorts of \(owner)", introducedAt: slo.keyMark("cohorts"), sink: &sink)
        else { return (nil, nil) }
        cohorts.checkKeys(Self.cohortKeys, hint: "an objective's cohorts are canary and baseline (the stable version), each with good: (or bad:) and total:",
                          sink: &sink)
        var events: [SLOCohort: SLOSpec.Events] = [:]
        for cohort in [SLOCohort.canary, .baseline] {
            guard let sideNode = cohorts.value(cohort.rawValue),
                  let side = MappingReader(sideNode, name: "the \(cohort.rawValue) of \(owner)", introducedAt: cohorts.keyMark(cohort.rawValue),
                                           sink: &sink) else { continue }
            side.checkKeys(["good", "bad", "total"], sink: &sink)
            events[cohort] = decodeEvents(side, owner: "the \(cohort.rawValue) of \(owner)", slo: name, cohort: cohort, source: source)
        }
        if cohorts.value("canary") == nil || cohorts.value("baseline") == nil {
            let missing = cohorts.value("canary") == nil ? "canary" : "baseline"
            sink.error("the cohorts of \(owner) name no \(missing)", at: slo.keyMark("cohorts"),
                       hint: "give both sides, so the canary's burn is seen beside the baseline's")
        }
        return (events[.canary], events[.baseline])
    }
}
