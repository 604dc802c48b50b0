import Foundation
import WarRoomCore

extension ImportBuilder {
    // Compiled once (see TextRules).
    nonisolated(unsafe) private static let countPattern = #/(\d+)/#
    nonisolated(unsafe) private static let channelPattern = #/(?:^|\s)(#[A-Za-z0-9][A-Za-z0-9_.\-]*)/#

    /// `health_checks:` from a table headed Check | Type | Endpoint | Interval | Failure Threshold.
    mutating func healthChecksSection() -> [String] {
        guard let index = tables(with: [["check", "probe"], ["endpoint", "url", "interval"]]).first,
              let table = blocks[index].table else { return [] }
        used.insert(index)
        var yaml = YAMLWriter()
        yaml.open("health_checks")
        yaml.comment(origin(blocks[index].context, kind: "table", line: table.line), indent: 2)
        let type = table.column("type", "kind"), endpoint = table.column("endpoint", "url", "command", "method")
        let interval = table.column("interval"), threshold = table.column("failure", "threshold")
        noteUnread(table, read: [0, type, endpoint, interval, threshold], title: blocks[index].context)
        for row in table.rows {
            guard let label = filled(row.first?.text) else {
                noteSkipped(row, of: blocks[index].context, why: "it names no health check")
                continue
            }
            guard healthChecks.count < Self.itemLimit else {
                noteLimit("health check", line: row[0].line, column: row[0].column)
                break
            }
            let name = TextRules.snakeCase(label)
            let words = (label + " " + (filled(type.flatMap { row[safe: $0]?.text }) ?? "")).lowercased()
            let kind = ["readiness", "liveness", "smoke"].first { words.contains($0) }
            var pairs: [(String, String?)] = [("name", name), ("kind", kind)]
            if let cell = endpoint.flatMap({ row[safe: $0] }), let target = filled(cell.text) {
                let bare = target.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
                if bare.hasPrefix("http://") || bare.hasPrefix("https://") {
                    pairs.append(("url", bare))
                } else if target.hasPrefix("`") || bare.hasPrefix("./") || bare.contains(" ") {
                    pairs.append(("command", bare))
                } else {
                    let why = bare.hasPrefix("/") ? "a path without a host; write the whole URL (https://…\(bare))" : "neither a URL (http://…) nor a command"
                    note("health check \(name): \"\(target)\" is \(why); left out", line: cell.line, column: cell.column)
                }
            }
            if let cell = interval.flatMap({ row[safe: $0] }), let text = filled(cell.text) {
                if let every = TextRules.duration(in: text) { pairs.append(("interval", every)) }
                else { note("health check \(name): interval \"\(text)\" is not a duration; default 10s applies", line: cell.line, column: cell.column) }
            }
            if let cell = threshold.flatMap({ row[safe: $0] }), let text = filled(cell.text) {
                if let count = text.firstMatch(of: Self.countPattern) { pairs.append(("failure_threshold", String(count.1))) }
                else if text.lowercased().contains("any") { pairs.append(("failure_threshold", "1")) }
            }
            healthChecks.append((name, kind))
            yaml.record(pairs, indent: 2, raw: ["failure_threshold"])
            if !pairs.contains(where: { $0.0 == "url" || $0.0 == "command" }) {
                let line = endpoint.flatMap { row[safe: $0]?.line } ?? row[0].line
                yaml.comment("TODO line \(line): fill in the url or command of health check \(name) (required)", indent: 4)
            }
        }
        mapped.append("\(healthChecks.count) health check\(healthChecks.count == 1 ? "" : "s") from the \(blocks[index].context) table")
        return yaml.lines
    }

    /// `communication:` from Slack channel / Updates every / Escalation path lines and a stakeholder table.
    mutating func communicationSection() -> [String] {
        var pairs: [String] = []
        var taken: [String] = []
        var mentionedChannel: String?
        for index in indices(under: ["communication", "comms", "during release", "during deployment"]) {
            let block = blocks[index]
            guard block.itemKind != nil || block.field != nil else { continue }
            let text = TextRules.plain(block.text)
            let key: String, value: String
            if let colon = text.firstIndex(of: ":") {
                key = text[..<colon].lowercased()
                value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else if text.lowercased().hasPrefix("updates every") || text.lowercased().hasPrefix("status updates every") {
                // "Updates every 20 minutes" says the cadence without a colon.
                (key, value) = ("updates", text)
            } else {
                continue
            }
            let target: String? = key.contains("channel") ? "channel" : key.contains("update") ? "cadence"
                : key.contains("escalation") ? "escalation" : nil
            guard let target else { continue }
            used.insert(index)
            guard let value = filled(value) else { continue }
            // A key is written once: a second channel line is reported, not written as a duplicate key.
            guard !taken.contains(target) else {
                note("a second \(target) line, \"\(value)\"; the first one is imported", at: block)
                continue
            }
            switch target {
            case "cadence":
                // "Every 30 minutes in #notify-release" says where the updates go too.
                if mentionedChannel == nil, let channel = value.firstMatch(of: Self.channelPattern) {
                    mentionedChannel = String(channel.1)
                }
                guard let every = TextRules.duration(in: value) else {
                    note("update cadence \"\(value)\" is not a duration", at: block)
                    continue
                }
                pairs.append("  cadence: \(every)")
            case "escalation":
                let chain = value.components(separatedBy: CharacterSet(charactersIn: "→>,")).map {
                    $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                pairs.append("  escalation: [" + chain.map(YAMLText.flowItem).joined(separator: ", ") + "]")
            default:
                pairs.append("  channel: " + YAMLText.scalar(value))
            }
            taken.append(target)
        }
        if !taken.contains("channel"), let channel = mentionedChannel {
            pairs.insert("  channel: " + YAMLText.scalar(channel), at: 0)
            taken.insert("channel (from the updates line)", at: 0)
        }
        var lines = pairs
        if let index = tables(with: [["stakeholder"]]).first, let table = blocks[index].table {
            used.insert(index)
            let method = table.column("method"), frequency = table.column("frequency"), owner = table.column("owner")
            noteUnread(table, read: [0, method, frequency, owner], title: blocks[index].context)
            var yaml = YAMLWriter()
            yaml.open("stakeholders", indent: 2)
            var count = 0
            for row in table.rows {
                guard let who = filled(row.first?.text) else {
                    noteSkipped(row, of: blocks[index].context, why: "it names no stakeholder")
                    continue
                }
                yaml.record([("who", who), ("method", filled(method.flatMap { row[safe: $0]?.text })),
                             ("frequency", filled(frequency.flatMap { row[safe: $0]?.text })),
                             ("owner", filled(owner.flatMap { row[safe: $0]?.text }))], indent: 4)
                count += 1
            }
            if count > 0 {
                lines += yaml.lines
                taken.append("\(count) stakeholder\(count == 1 ? "" : "s")")
            }
        }
        guard !lines.isEmpty else { return [] }
        mapped.append("communication " + taken.joined(separator: ", "))
        return ["communication:"] + lines
    }

    /// `risks:` from a Risk Register table, or "**Risk:** … **Mitigation:** …" pairs.
    mutating func risksSection() -> [String] {
        var yaml = YAMLWriter()
        var count = 0
        for index in tables(with: [["risk"], ["likelihood", "impact", "mitigation"]]) {
            guard let table = blocks[index].table else { continue }
            used.insert(index)
            // The heading comment waits for the first filled row: a template's table of examples writes nothing.
            var heading: String? = origin(blocks[index].context, kind: "table", line: table.line)
            // Columns found once per table, not once per row: a header can be as wide as the file.
            let id = table.column("id"), description = table.column("description"), mitigation = table.column("mitigation")
            let owner = table.column("owner"), status = table.column("status")
            let nameColumn = table.header.firstIndex { $0.text.lowercased() == "risk" }
            let categoryColumn = table.column("category"), likelihoodColumn = table.column("likelihood")
            let impactColumn = table.column("impact")
            let riskColumn = description ?? nameColumn
            func cell(_ column: Int?, _ row: [MarkdownTable.Cell]) -> MarkdownTable.Cell? { column.flatMap { row[safe: $0] } }
            noteUnread(table, read: [id, description, nameColumn, categoryColumn, likelihoodColumn, impactColumn, mitigation, owner, status],
                       title: blocks[index].context)
            for row in table.rows {
                guard var risk = filled(cell(riskColumn, row)?.text) else {
                    noteSkipped(row, of: blocks[index].context, why: "its risk is not filled in")
                    continue
                }
                if count == 0 { yaml.open("risks") }
                if let title = heading {
                    yaml.comment(title, indent: 2)
                    heading = nil
                }
                // A short name beside the description ("Queue backlog" | "…"): both are the risk as written.
                if description != nil, let name = filled(cell(nameColumn, row)?.text), !risk.hasPrefix(name) { risk = "\(name): \(risk)" }
                count += 1
                var pairs: [(String, String?)] = [("id", filled(cell(id, row)?.text) ?? "R\(count)"), ("risk", risk)]
                // The values the plan format takes, from the model itself, so the two cannot drift apart.
                let levels = RiskLevel.allCases.map(\.rawValue)
                let enums: [(key: String, column: Int?, values: [String])] = [
                    ("category", categoryColumn, Risk.Category.allCases.map(\.rawValue)),
                    ("likelihood", likelihoodColumn, levels), ("impact", impactColumn, levels)]
                for entry in enums {
                    guard let found = cell(entry.column, row), let text = filled(found.text) else { continue }
                    let value = TextRules.snakeCase(text)
                    if entry.values.contains(value) { pairs.append((entry.key, value)) }
                    else if entry.key == "category" {
                        pairs.append((entry.key, "other"))
                        note("risk \(pairs[0].1 ?? ""): category \"\(text)\" written as other", line: found.line, column: found.column)
                    } else {
                        note("risk \(pairs[0].1 ?? ""): \(entry.key) \"\(text)\" is not one of \(entry.values.joined(separator: ", "))", line: found.line, column: found.column)
                    }
                }
                pairs.append(("mitigation", filled(cell(mitigation, row)?.text)))
                pairs.append(("owner", filled(cell(owner, row)?.text)))
                if let status = filled(cell(status, row)?.text)?.lowercased(),
                   Risk.Status(rawValue: status) != nil { pairs.append(("status", status)) }
                yaml.record(pairs, indent: 2)
            }
        }
        for index in blocks.indices where !used.contains(index) {
            guard let field = blocks[index].field, field.key.lowercased() == "risk" else { continue }
            used.insert(index)
            guard let risk = filled(field.value) else { continue }
            var mitigation: String?
            if index + 1 < blocks.count, let next = blocks[index + 1].field, next.key.lowercased() == "mitigation" {
                used.insert(index + 1)
                mitigation = filled(next.value)
            }
            if count == 0 { yaml.open("risks") }
            count += 1
            yaml.record([("id", "R\(count)"), ("risk", risk), ("mitigation", mitigation)], indent: 2)
        }
        if count > 0 { mapped.append("\(count) risk\(count == 1 ? "" : "s")") }
        return yaml.lines
    }

    /// `feature_flags:` from a table whose first column names flags.
    mutating func featureFlagsSection() -> (lines: [String], names: [String]) {
        guard let index = tables(with: [["flag"], ["default", "rollout", "cleanup"]]).first,
              let table = blocks[index].table else { return ([], []) }
        used.insert(index)
        var yaml = YAMLWriter()
        yaml.open("feature_flags")
        yaml.comment(origin(blocks[index].context, kind: "table", line: table.line), indent: 2)
        var names: [String] = []
        func text(_ column: Int?, _ row: [MarkdownTable.Cell]) -> String? { filled(column.flatMap { row[safe: $0]?.text }) }
        let description = table.column("description"), type = table.column("type"), defaultState = table.column("default")
        let rollout = table.column("rollout"), owner = table.column("owner"), cleanup = table.column("cleanup")
        noteUnread(table, read: [0, description, type, defaultState, rollout, owner, cleanup], title: blocks[index].context)
        for row in table.rows {
            guard let name = filled(row.first?.text)?.trimmingCharacters(in: CharacterSet(charactersIn: "`")) else {
                noteSkipped(row, of: blocks[index].context, why: "it names no flag")
                continue
            }
            names.append(name)
            var pairs: [(String, String?)] = [("name", name), ("description", text(description, row))]
            if let type = text(type, row) { pairs[1].1 = pairs[1].1 ?? "\(type) flag" }
            if let cell = defaultState.flatMap({ row[safe: $0] }), let state = filled(cell.text)?.lowercased() {
                if ["on", "enabled", "true", "yes"].contains(state) { pairs.append(("default", "on")) }
                else if ["off", "disabled", "false", "no"].contains(state) { pairs.append(("default", "off")) }
                else { note("flag \(name): default \"\(state)\" is neither on nor off; left out", line: cell.line, column: cell.column) }
            }
            pairs.append(("rollout", text(rollout, row)))
            pairs.append(("owner", text(owner, row)))
            if let cell = cleanup.flatMap({ row[safe: $0] }), let value = filled(cell.text) {
                if let date = TextRules.date(in: value) { pairs.append(("cleanup", date)) }
                else { note("flag \(name): cleanup \"\(value)\" is not a date (YYYY-MM-DD)", line: cell.line, column: cell.column) }
            }
            yaml.record(pairs, indent: 2, raw: ["default"])
        }
        guard !names.isEmpty else { return ([], []) }
        mapped.append("\(names.count) feature flag\(names.count == 1 ? "" : "s")")
        return (yaml.lines, names)
    }

    /// `approvals:` from "Engineering Lead: Dana Kim - 2026-11-21" checkboxes under Approval / Sign-off.
    mutating func approvalsSection() -> [String] {
        var yaml = YAMLWriter()
        var count = 0
        for index in indices(under: ["approval", "sign-off", "signoff"]) {
            let block = blocks[index]
            guard case .checkbox(let checked) = block.itemKind else { continue }
            used.insert(index)
            let text = TextRules.plain(block.text)
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let role = filled(parts.first) else { continue }
            let rest = parts.count > 1 ? parts[1] : ""
            let pieces = rest.components(separatedBy: " - ")
            let name = filled(pieces.first)
            let date = pieces.dropFirst().compactMap { self.filled($0).flatMap(TextRules.date(in:)) }.first
            if count == 0 { yaml.open("approvals") }
            count += 1
            yaml.record([("role", role.replacingOccurrences(of: " (if required)", with: "")), ("name", name),
                         ("approved", checked ? "true" : nil), ("date", date)], indent: 2, raw: ["approved"])
        }
        if count > 0 { mapped.append("\(count) approval\(count == 1 ? "" : "s") from the sign-off list") }
        return yaml.lines
    }
}
