import Foundation

/// A hand-written tokenizer and recursive-descent parser for trigger rules.
///
/// Grammar (this subset; aggregates and `within` come with the full plan format):
///
///     rule    := metric op number unit? ("x" "baseline")? ("for" duration)?
///              | check "fails" integer "consecutive"
///     op      := ">" | ">=" | "<" | "<="
struct RuleParser {
    private struct Token {
        var text: String
        var column: Int
    }

    private let tokens: [Token]
    private let endColumn: Int
    private var position = 0

    init(_ text: String) {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        var column = 0
        func flush() {
            if !current.isEmpty { tokens.append(Token(text: current, column: start + 1)) }
            current = ""
        }
        var previous: Character?
        for character in text {
            let isOperator = character == ">" || character == "<" || character == "="
            if character.isWhitespace {
                flush()
            } else if isOperator != (previous.map { $0 == ">" || $0 == "<" || $0 == "=" } ?? isOperator) && !current.isEmpty {
                flush()
                start = column
                current.append(character)
            } else {
                if current.isEmpty { start = column }
                current.append(character)
            }
            previous = character.isWhitespace ? nil : character
            column += 1
        }
        flush()
        self.tokens = tokens
        self.endColumn = column + 1
    }

    mutating func parse() throws(RuleSyntaxError) -> TriggerRule.Condition {
        let subject = try next(expecting: "a metric name")
        guard subject.text.first.map({ $0.isLetter || $0 == "_" }) == true else {
            throw RuleSyntaxError(message: "expected a metric name, found '\(subject.text)'", column: subject.column)
        }
        if peek?.text == "fails" {
            position += 1
            let count = try next(expecting: "a count of failures")
            guard let times = Int(count.text), times > 0 else {
                throw RuleSyntaxError(message: "expected a whole number of failures, found '\(count.text)'", column: count.column)
            }
            let word = try next(expecting: "'consecutive'")
            guard word.text == "consecutive" else {
                throw RuleSyntaxError(message: "expected 'consecutive', found '\(word.text)'", column: word.column)
            }
            try expectEnd()
            return .consecutiveFailures(check: subject.text, count: times)
        }
        let opToken = try next(expecting: "a comparison (>, >=, <, <=)")
        guard let comparison = Bound.Comparison(rawValue: opToken.text) else {
            throw RuleSyntaxError(message: "expected a comparison (>, >=, <, <=), found '\(opToken.text)'", column: opToken.column)
        }
        let valueToken = try next(expecting: "a threshold")
        let threshold = try parseThreshold(valueToken)
        var window: TimeInterval = 0
        if let word = peek, word.text == "for" {
            position += 1
            let spanToken = try next(expecting: "a duration such as 5m")
            guard let span = DurationText.parse(spanToken.text), span > 0 else {
                throw RuleSyntaxError(message: "expected a duration such as 30s, 5m or 1h, found '\(spanToken.text)'", column: spanToken.column)
            }
            window = span
        }
        try expectEnd()
        return .compare(metric: subject.text, comparison: comparison, threshold: threshold, window: window)
    }

    private mutating func parseThreshold(_ token: Token) throws(RuleSyntaxError) -> TriggerRule.Threshold {
        let text = token.text
        let numberPart = String(text.prefix { $0.isNumber || $0 == "." || $0 == "-" })
        let suffix = String(text.dropFirst(numberPart.count))
        guard let number = Double(numberPart) else {
            throw RuleSyntaxError(message: "expected a number, found '\(text)'", column: token.column)
        }
        if suffix == "x" {
            let word = try next(expecting: "'baseline' after '\(text)'")
            guard word.text == "baseline" else {
                throw RuleSyntaxError(message: "expected 'baseline' after '\(text)', found '\(word.text)'", column: word.column)
            }
            return .timesBaseline(number)
        }
        guard let unit = MetricUnit(rawValue: suffix) else {
            let known = MetricUnit.allCases.filter { !$0.rawValue.isEmpty }.map(\.rawValue).joined(separator: " ")
            throw RuleSyntaxError(message: "unknown unit '\(suffix)' (known: \(known), or none)",
                                  column: token.column + numberPart.count)
        }
        return .value(number, unit: unit)
    }

    private var peek: Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func next(expecting what: String) throws(RuleSyntaxError) -> Token {
        guard let token = peek else {
            throw RuleSyntaxError(message: "expected \(what) at end of rule", column: endColumn)
        }
        position += 1
        return token
    }

    private func expectEnd() throws(RuleSyntaxError) {
        if let extra = peek {
            throw RuleSyntaxError(message: "unexpected '\(extra.text)' after the end of the rule", column: extra.column)
        }
    }
}
