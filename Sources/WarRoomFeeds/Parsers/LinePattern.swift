import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plan's regular expression for log lines (a log's `errors:`, a derived metric's `/pattern/`), compiled once.
///
/// Most such patterns are plain text joined by `|` (`panic:|upstream timed out`). Those are found with a byte search
/// instead of the regex engine: a literal matches exactly its own bytes, so the answer is the same, and it costs a
/// fraction of the time on every line of a busy log.
struct LinePattern {
    private let regex: NSRegularExpression
    /// The alternatives' UTF-8, when every one is non-empty plain text.
    private let literals: [[UInt8]]?

    /// Characters that make a pattern more than plain text.
    private static let special = Set("\\^$.|?*+()[]{}".utf8)

    /// Nil for a pattern that does not compile, which then matches nothing (the plan loader reports it).
    init?(_ pattern: String) {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        self.regex = regex
        let alternatives = pattern.split(separator: "|", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let plain = alternatives.allSatisfy { !$0.isEmpty && !$0.contains(where: Self.special.contains) }
        literals = plain ? alternatives : nil
    }

    /// True when the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        guard literals != nil else {
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        return text.utf8.withContiguousStorageIfAvailable(matches) ?? Array(text.utf8).withUnsafeBufferPointer(matches)
    }

    /// True when the pattern matches anywhere in the UTF-8 `text` (invalid bytes read as U+FFFD).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let literals else { return matches(String(decoding: text, as: UTF8.self)) }
        return literals.contains { Self.find($0, in: text) }
    }

    /// A byte search: memchr to each place the needle's first byte occurs, then memcmp there.
    private static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = haystack.baseAddress, needle.count <= haystack.count else { return false }
        let lastStart = haystack.count - needle.count
        var from = 0
        while from <= lastStart, let hit = memchr(base + from, Int32(needle[0]), lastStart - from + 1) {
            if needle.withUnsafeBytes({ memcmp(hit, $0.baseAddress!, needle.count) }) == 0 { return true }
            from = UnsafeRawPointer(base).distance(to: hit) + 1
        }
        return false
    }
}
