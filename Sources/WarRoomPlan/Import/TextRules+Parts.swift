import Foundation
import WarRoomCore

/// Readings that split one written value into the parts the plan keeps apart: a person and how to reach them,
/// an item and when it is due, a step and the command that performs it.
extension TextRules {
    // Compiled once (see TextRules).
    nonisolated(unsafe) static let contactPatterns: [Regex<(Substring, Substring, Substring)>] = [
        #/^(.+?)\s*\(([^()]+)\)\s*$/#, #/^(.+?)\s*<([^<>]+)>\s*$/#, #/^(.+?)\s+[-–—]\s+(.+)$/#,
    ]
    nonisolated(unsafe) static let ownerPattern = #/[Oo]wner\s*:\s*(.+)/#
    nonisolated(unsafe) static let offsetStartPattern = #/T\s*[+-]/#
    nonisolated(unsafe) static let codePattern = #/`([^`]+)`/#

    /// `Tomasz Nowak (pager +1-555-0142)`, `Sam Ortiz — @sam`, `Lin Chen <lin@example.com>` → name and contact;
    /// nil when nothing after the name reads as a way to reach someone (`Sam (backend)` stays one text).
    static func contact(in text: String) -> (name: String, contact: String)? {
        guard text.count <= phraseLimit else { return nil }
        for pattern in contactPatterns {
            guard let match = text.wholeMatch(of: pattern) else { continue }
            let name = match.1.trimmingCharacters(in: .whitespaces), contact = match.2.trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, isContact(contact) { return (name, contact) }
        }
        return nil
    }

    /// An address, a handle, a phone number, or a named channel such as "pager …" or "Slack …".
    private static func isContact(_ text: String) -> Bool {
        let lower = text.lowercased()
        let channels = ["pager", "phone", "tel", "mobile", "cell", "sms", "slack", "pagerduty", "opsgenie", "email", "e-mail"]
        if channels.contains(where: { lower.hasPrefix($0) }) || text.contains("@") { return true }
        return text.filter(\.isNumber).count >= 5
    }

    /// A trailing `(T-24h)`, `(T-2 hours)` or `(T+1d)`, and `(owner: Priya)`, split off an item's text.
    static func checklistParts(_ text: String) -> (text: String, owner: String?, due: String?) {
        var body = text[...], owner: String?, due: String?
        while let found = trailingParenthesis(of: body) {
            let inner = found.inner.trimmingCharacters(in: .whitespaces)
            if owner == nil, inner.count <= phraseLimit, let named = inner.wholeMatch(of: ownerPattern) {
                owner = String(named.1).trimmingCharacters(in: .whitespaces)
            } else if due == nil, let offset = dueOffset(inner) {
                due = offset
            } else {
                break
            }
            body = found.before
        }
        return (String(body), owner, due)
    }

    /// The `(…)` that ends `text` (spaces after it allowed, no parenthesis inside it) and the text before it with
    /// the spaces before it dropped; read from the end, since a search from every position of a long line costs
    /// its square.
    private static func trailingParenthesis(of text: Substring) -> (inner: Substring, before: Substring)? {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)].isWhitespace { end = text.index(before: end) }
        guard end > text.startIndex, text[text.index(before: end)] == ")" else { return nil }
        let close = text.index(before: end)
        var open = close
        while open > text.startIndex {
            open = text.index(before: open)
            switch text[open] {
            case "(":
                var start = open
                while start > text.startIndex, text[text.index(before: start)].isWhitespace { start = text.index(before: start) }
                return (text[text.index(after: open)..<close], text[..<start])
            case ")":
                return nil
            default:
                continue
            }
        }
        return nil
    }

    /// `T-24h`, `T-2 hours`, `T+1d`, `T-1h30m` as the plan writes them; nil for anything more than the offset.
    static func dueOffset(_ text: String) -> String? {
        guard text.count <= phraseLimit else { return nil }
        // The offset must be the whole text: "Thu T-2h" is a note about a day, not a due time.
        if let (at, rest) = offset(in: text), text.prefixMatch(of: offsetStartPattern) != nil,
           rest.trimmingCharacters(in: .whitespaces).isEmpty { return at }
        return DurationText.parseOffset(text) != nil && !text.contains(" ") ? text : nil
    }

    /// The command in a step's backticks: a span with a space, a local script (`./rollback.sh`) or a `$ ` prompt.
    /// A single word in backticks is a name (a flag, a file, an endpoint), not something to run; two commands in one
    /// step are left as text, since a step carries one. Nil unless exactly one span is a command.
    static func command(in text: String) -> String? {
        let spans = text.matches(of: codePattern).map { String($0.1).trimmingCharacters(in: .whitespaces) }
        let commands = spans.map { $0.hasPrefix("$ ") ? String($0.dropFirst(2)) : $0 }.filter { span in
            span.contains(" ") || span.hasPrefix("./")
        }
        return commands.count == 1 ? commands[0] : nil
    }
}
