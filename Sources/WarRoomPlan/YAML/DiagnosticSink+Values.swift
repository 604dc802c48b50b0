import Foundation
import WarRoomCore
import Yams

/// Typed reads of single nodes: each returns nil after reporting what was expected and what was found.
extension DiagnosticSink {
    mutating func string(_ node: Node, _ key: String) -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            error("expected text for '\(key)', found \(node.foundDescription)", at: node)
            return nil
        }
        return scalar.string
    }

    /// Text, where an unquoted `Label: rest` (YAML for a one-key mapping) is taken back as the text the author meant
    /// rather than rejected: steps, plans and checklist items so often contain a colon.
    mutating func text(_ node: Node, _ key: String) -> String? {
        if case .mapping(let mapping) = node, mapping.count == 1, let pair = mapping.first,
           let label = pair.key.string, case .scalar(let value) = pair.value {
            return "\(label): \(value.string)"
        }
        return string(node, key)
    }

    /// A list of nodes; a scalar is not silently taken for a list of one.
    mutating func list(_ node: Node, _ key: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            error("expected a list for '\(key)', found \(node.foundDescription)", at: node,
                  hint: "write one item per line, each starting with '- '")
            return nil
        }
        return Array(sequence)
    }

    /// A list of names, where `key: one` is accepted for `key: [one]`.
    mutating func names(_ node: Node, _ key: String) -> [(name: String, node: Node)]? {
        if case .scalar = node, let name = string(node, key) { return [(name, node)] }
        guard let items = list(node, key) else { return nil }
        return items.compactMap { item in string(item, key).map { ($0, item) } }
    }

    mutating func duration(_ node: Node, _ key: String) -> TimeInterval? {
        guard let text = string(node, key) else { return nil }
        // A bare 0 is a duration too: "no minimum" reads more naturally than 0s.
        if text.trimmingCharacters(in: .whitespaces) == "0" { return 0 }
        guard let seconds = DurationText.parse(text) else {
            error("expected a duration such as 30s, 5m or 1h30m, at most 30d, for '\(key)', found '\(text)'", at: node,
                  hint: "units are s, m, h and d; combine them as in 1h30m")
            return nil
        }
        return seconds
    }

    mutating func integer(_ node: Node, _ key: String) -> Int? {
        guard let text = string(node, key) else { return nil }
        guard let value = Int(text) else {
            error("expected a whole number for '\(key)', found '\(text)'", at: node)
            return nil
        }
        return value
    }

    mutating func number(_ node: Node, _ key: String) -> Double? {
        guard let text = string(node, key) else { return nil }
        guard let value = Double(text), value.isFinite else {
            error("expected a number for '\(key)', found '\(text)'", at: node)
            return nil
        }
        return value
    }

    mutating func boolean(_ node: Node, _ key: String) -> Bool? {
        guard let text = string(node, key) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            error("expected true or false for '\(key)', found '\(text)'", at: node)
            return nil
        }
    }

    /// One of a fixed set of words, with a suggestion when the word is close to one of them.
    mutating func choice<Choice: RawRepresentable & CaseIterable>(_ node: Node, _ key: String,
                                                                  _: Choice.Type) -> Choice? where Choice.RawValue == String {
        guard let text = string(node, key) else { return nil }
        if let value = Choice(rawValue: text) { return value }
        let known = Choice.allCases.map(\.rawValue)
        error("unknown \(key) '\(text)'\(suggestion(for: text, in: known))", at: node,
              hint: "\(key) is one of: \(known.joined(separator: ", "))")
        return nil
    }

    /// Reports `name` if it is not among `known`, suggesting the closest; true when it is known.
    mutating func checkReference(_ name: String, kind: String, known: KnownNames, at position: Position?,
                                 context: String) -> Bool {
        guard !known.contains(name) else { return true }
        let hint = known.isEmpty ? "the plan defines no \(kind)s" : "defined \(kind)s: \(known.list)"
        error("unknown \(kind) '\(name)' in \(context)\(suggestion(for: name, in: known.names))", at: position, hint: hint)
        return false
    }

    /// `; did you mean 'x'?` or nothing; nothing once errors are no longer kept, since no one would read it.
    func suggestion(for word: String, in candidates: [String]) -> String {
        isFull ? "" : Suggestion.didYouMean(word, in: candidates)
    }
}

/// Values with more shape than a scalar: secrets, addresses, patterns, dates, offsets from T0.
extension DiagnosticSink {
    /// `${NAME}`: a secret is named, never written, so it cannot leak into the journal or an export.
    /// An unset variable is a warning: the plan may be checked on a machine other than the one that runs it.
    mutating func secret(_ node: Node, _ key: String, environment: [String: String]) -> SecretReference? {
        guard let text = string(node, key) else { return nil }
        let written = text.trimmingCharacters(in: .whitespaces)
        guard let reference = SecretReference(parsing: written) else {
            // A token written out is not echoed either: the line is shown only up to it.
            error("'\(key)' must name an environment variable as ${NAME}; a secret written in the plan would be journaled and exported",
                  at: node.position, hint: "export PROM_TOKEN=… in the shell that runs warroom, then write \(key): ${PROM_TOKEN}",
                  concealing: !SecretReference.isMistyped(written))
            return nil
        }
        if reference.resolve(in: environment) == nil {
            warning("environment variable \(reference.variable) is not set here", at: node.position,
                    hint: "set it in the shell that runs warroom, or requests will go without \(key)")
        }
        return reference
    }

    /// An http or https URL with a host; `example` is the address the hint shows.
    mutating func url(_ node: Node, _ key: String, example: String = "http://127.0.0.1:9090") -> String? {
        guard let text = string(node, key) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false else {
            error("expected an http:// or https:// URL for '\(key)', found '\(text)'", at: node,
                  hint: "write the whole address, e.g. \(example)")
            return nil
        }
        return text
    }

    /// A regular expression that compiles.
    mutating func pattern(_ text: String, _ key: String, at node: Node) -> String? {
        do {
            _ = try NSRegularExpression(pattern: text)
            return text
        } catch {
            self.error("'\(key)' is not a valid regular expression: '\(text)'", at: node,
                       hint: "escape special characters such as ( [ . * with a backslash")
            return nil
        }
    }

    /// A calendar day, `YYYY-MM-DD`.
    mutating func day(_ node: Node, _ key: String) -> String? {
        guard let text = string(node, key) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard text.wholeMatch(of: #/\d{4}-\d{2}-\d{2}/#) != nil, formatter.date(from: text) != nil else {
            error("expected a date such as 2026-12-31 for '\(key)', found '\(text)'", at: node)
            return nil
        }
        return text
    }

    /// `T-24h`, `T+30m`, `T+1d`: seconds from T0.
    mutating func offset(_ node: Node, _ key: String) -> TimeInterval? {
        guard let text = string(node, key) else { return nil }
        guard let offset = DurationText.parseOffset(text) else {
            error("expected a time relative to T0 such as T-24h or T+30m for '\(key)', found '\(text)'", at: node,
                  hint: "write T- for before launch and T+ for after, then a duration: T-2h, T+1d")
            return nil
        }
        return offset
    }
}

extension SecretReference {
    /// `$NAME` or `${…}` that does not parse: a reference mistyped, safe to show, rather than a value (a password)
    /// that happens to start with `$`. Only a name in capitals is taken for one without its braces, as shells write them.
    static func isMistyped(_ text: String) -> Bool {
        if text.hasPrefix("${") { return text.hasSuffix("}") }
        let name = text.dropFirst()
        return text.hasPrefix("$") && isVariableName(name) && !name.contains(where: \.isLowercase)
    }
}
