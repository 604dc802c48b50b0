import Foundation
import Yams

/// A YAML mapping read key by key; keys nobody asked for are reported with a "did you mean".
struct MappingReader {
    private struct Entry {
        var key: String
        var keyMark: Position?
        var value: Node
    }

    /// What the mapping is, for "missing key" messages: `release`, `stage 2`.
    let name: String
    /// Where "missing key" errors point: the key that introduced the mapping, or its first line.
    let position: Position?
    private let entries: [Entry]

    /// Nil (after an error) when `node` is not a mapping.
    init?(_ node: Node, name: String, introducedAt position: Position? = nil, sink: inout DiagnosticSink) {
        guard case .mapping(let mapping) = node else {
            sink.error("expected a mapping of keys for \(name), found \(node.foundDescription)", at: node)
            return nil
        }
        self.name = name
        self.position = position ?? node.position
        self.entries = mapping.map { Entry(key: $0.key.string ?? "", keyMark: $0.key.position, value: $0.value) }
    }

    var keys: [String] { entries.map(\.key) }

    func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// The value of `key`, nil when it is absent or empty (`key:`).
    func value(_ key: String) -> Node? {
        entries.first { $0.key == key && !$0.value.isNull }?.value
    }

    func keyMark(_ key: String) -> Position? { entries.first { $0.key == key }?.keyMark }

    /// Every key, its position and value, in file order: for mappings whose keys are data (checklist phases).
    var pairs: [(key: String, keyMark: Position?, value: Node)] { entries.map { ($0.key, $0.keyMark, $0.value) } }

    /// Reports every key not in `known`, suggesting the closest known one; `hint` replaces the list of known keys
    /// where the keys mean more than their names say.
    func checkKeys(_ known: [String], hint: String? = nil, sink: inout DiagnosticSink) {
        for entry in entries where !known.contains(entry.key) {
            sink.error("unknown key '\(entry.key)' in \(name)\(sink.suggestion(for: entry.key, in: known))",
                       at: entry.keyMark, hint: hint ?? "known keys: \(known.joined(separator: ", "))")
        }
    }

    /// The value of a key that must be there; reports it missing (or empty) otherwise.
    func required(_ key: String, sink: inout DiagnosticSink) -> Node? {
        if let node = value(key) { return node }
        if contains(key) {
            sink.error("'\(key)' in \(name) has no value", at: keyMark(key))
        } else if !entries.contains(where: { Suggestion.closest(to: $0.key, in: [key]) != nil }) {
            // (When the key is there but misspelt, its unknown-key error already suggests this one.)
            sink.error("missing required key '\(key)' in \(name)", at: position)
        }
        return nil
    }

    func requiredString(_ key: String, sink: inout DiagnosticSink) -> String? {
        required(key, sink: &sink).flatMap { sink.string($0, key) }
    }

    func optionalString(_ key: String, sink: inout DiagnosticSink) -> String? {
        value(key).flatMap { sink.string($0, key) }
    }

    func optionalDuration(_ key: String, sink: inout DiagnosticSink) -> TimeInterval? {
        value(key).flatMap { sink.duration($0, key) }
    }

    func optionalInteger(_ key: String, sink: inout DiagnosticSink) -> Int? {
        value(key).flatMap { sink.integer($0, key) }
    }

    func optionalNumber(_ key: String, sink: inout DiagnosticSink) -> Double? {
        value(key).flatMap { sink.number($0, key) }
    }

    func optionalBoolean(_ key: String, sink: inout DiagnosticSink) -> Bool? {
        value(key).flatMap { sink.boolean($0, key) }
    }

    func optionalChoice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type,
                                                                 sink: inout DiagnosticSink) -> Choice?
    where Choice.RawValue == String {
        value(key).flatMap { sink.choice($0, key, type) }
    }
}
