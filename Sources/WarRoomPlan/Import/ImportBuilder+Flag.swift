import Foundation

extension ImportBuilder {
    /// `flag:` of a feature-flag release: the flag its strategy line names, else the only flag in the flag table.
    /// With several flags and none named, choosing one would be a guess, so it is left as a TODO.
    mutating func flagSection(strategy: String?, wording: String?, flags: [String]) -> [String] {
        guard strategy == "feature-flag" else { return [] }
        let text = wording ?? ""
        let quoted = text.matches(of: TextRules.codePattern).map { String($0.1) }
        let words = text.split { $0.isWhitespace || ",;:()`".contains($0) }.map(String.init)
        let named = flags.first { flag in quoted.contains(flag) || words.contains(flag) }
            ?? (flags.isEmpty ? quoted.first { !$0.contains(" ") } : nil)
        if let flag = named {
            mapped.append("flag \(flag) from the strategy line")
            return ["flag: " + YAMLText.scalar(flag)]
        }
        if flags.count == 1 {
            mapped.append("flag \(flags[0]) from the flag table, its only flag")
            return ["flag: " + YAMLText.scalar(flags[0])]
        }
        let choice = flags.isEmpty ? "" : ": one of " + flags.joined(separator: ", ")
        note("a feature-flag release names its flag, and the Markdown does not say which\(choice)", line: 1, column: 1)
        return ["# TODO: fill in flag (required by the feature-flag strategy)\(choice)"]
    }
}
