import Foundation

/// A hand-written tokenizer and recursive-descent parser for trigger rules.
///
/// Grammar:
///
///     rule      := subject op threshold ("for" duration)? ("within" duration)?
///                | metric "fails" integer "consecutive" ("within" duration)?
///                | "judge" "score" op number ("for" duration)? ("within" duration)?
///                | "judge" "fails" integer "consecutive" ("within" duration)?
///                | "burn_rate" "(" slo "," duration "," duration ")" op number "x"? ("for" duration)? ("within" duration)?
///     subject   := metric | function "(" metric "," duration ")"
///     function  := "avg" | "min" | "max" | "p95" | "p99"
///     op        := ">" | ">=" | "<" | "<="
///     threshold := number unit?                      2%  400ms  0.5
///                | number "x" "baseline"             2x baseline
///                | number "x" metric                 2x stable_errors
///                | "baseline" (("+" | "-") number "%")?   baseline - 10%  (relative: baseline × 0.9)
///
/// Tokens are split at spaces, between comparison characters and anything else, and around each of `( , )`.
struct RuleParser {
    struct Token {
        var text: String
        var column: Int
    }

    private let tokens: [Token]
    private let endColumn: Int
    private var position = 0

    init(_ text: String) {
        enum Kind { case space, comparison, punctuation, word }
        func kind(_ character: Character) -> Kind {
            if character.isWhitespace { return .space }
            if "<>=".contains(character) { return .comparison }
            if "(),".contains(character) { return .punctuation }
            return .word
        }
        var tokens: [Token] = []
        var current: (text: String, column: Int, kind: Kind)?
        var column = 0
        for character in text {
            column += 1
            let kind = kind(character)
            // Punctuation is always a token of its own; other runs end where the kind changes.
            if let run = current, run.kind != kind || kind == .punctuation {
                tokens.append(Token(text: run.text, column: run.column))
                current = nil
            }
            guard kind != .space else { continue }
            if current == nil { current = ("", column, kind) }
            current!.text.append(character)
        }
        if let run = current { tokens.append(Token(text: run.text, column: run.column)) }
        self.tokens = tokens
        self.endColumn = column + 1
    }

    /// Parses the whole rule; the caller sets `text`.
    mutating func parse() throws(RuleSyntaxError) -> TriggerRule {
        let subject = try metricName()
        if subject.text == JudgeScoreTrigger.subjectWord, peek?.text == "score" { return try JudgeScoreTrigger.parse(&self) }
        if subject.text == JudgeScoreTrigger.subjectWord, peek?.text == "fails" { return try JudgeStreakTrigger.parse(&self) }
        if subject.text == BurnRateTrigger.function, peek?.text == "(" { return try BurnRateTrigger.parse(&self) }
        if peek?.text == "fails" {
            position += 1
            let count = try next(expecting: "a count of failures")
            guard let times = Int(count.text), times > 0 else {
                throw RuleSyntaxError(message: "expected a whole number of failures, found '\(count.text)'", column: count.column)
            }
            try expect("consecutive")
            let armedFor = try optionalDuration(after: "within")
            try expectEnd(within: armedFor != nil)
            return TriggerRule(text: "", condition: .consecutiveFailures(check: subject.text, count: times), armedFor: armedFor)
        }
        var metric = subject.text
        var aggregate: TriggerRule.Aggregate?
        if peek?.text == "(" {
            guard let function = TriggerRule.Aggregate.Function(rawValue: subject.text) else {
                let known = TriggerRule.Aggregate.Function.allCases.map(\.rawValue)
                let list = known.dropLast().joined(separator: ", ") + " or " + known.last!
                throw RuleSyntaxError(message: "unknown aggregate '\(subject.text)'; expected \(list)", column: subject.column)
            }
            position += 1
            metric = try metricName().text
            try expect(",")
            aggregate = TriggerRule.Aggregate(function, over: try duration(after: "','"))
            try expect(")")
        }
        let comparison = try self.comparison()
        let threshold = try parseThreshold(try next(expecting: "a threshold"))
        let window = try optionalDuration(after: "for") ?? 0
        let armedFor = try optionalDuration(after: "within")
        try expectEnd(within: armedFor != nil)
        return TriggerRule(text: "", condition: .compare(metric: metric, comparison: comparison, threshold: threshold, window: window),
                           aggregate: aggregate, armedFor: armedFor)
    }

    mutating func comparison() throws(RuleSyntaxError) -> Bound.Comparison {
        let token = try next(expecting: "a comparison (>, >=, <, <=)")
        guard let comparison = Bound.Comparison(rawValue: token.text) else {
            throw RuleSyntaxError(message: "expected a comparison (>, >=, <, <=), found '\(token.text)'", column: token.column)
        }
        return comparison
    }

    /// A plain number, with `suffix` allowed after it (`14.4x`).
    mutating func number(expecting what: String, suffix: String? = nil) throws(RuleSyntaxError) -> Double {
        let token = try next(expecting: what)
        var text = Substring(token.text)
        if let suffix, text.hasSuffix(suffix) { text = text.dropLast(suffix.count) }
        guard let number = Double(text), number.isFinite else {
            throw RuleSyntaxError(message: "expected \(what), found '\(token.text)'", column: token.column)
        }
        return number
    }

    /// A whole number above zero.
    mutating func count(expecting what: String) throws(RuleSyntaxError) -> Int {
        let token = try next(expecting: what)
        guard let count = Int(token.text), count > 0 else {
            throw RuleSyntaxError(message: "expected a whole number of failures, found '\(token.text)'", column: token.column)
        }
        return count
    }

    mutating func metricName() throws(RuleSyntaxError) -> Token {
        let token = try next(expecting: "a metric name")
        guard token.text.first.map({ $0.isLetter || $0 == "_" }) == true else {
            throw RuleSyntaxError(message: "expected a metric name, found '\(token.text)'", column: token.column)
        }
        return token
    }

    private mutating func parseThreshold(_ token: Token) throws(RuleSyntaxError) -> TriggerRule.Threshold {
        let text = token.text
        if text == "baseline" { return .baselineOffset(percent: try baselineOffset()) }
        let numberPart = String(text.prefix { $0.isNumber || $0 == "." || $0 == "-" })
        let suffix = String(text.dropFirst(numberPart.count))
        guard let number = Double(numberPart) else {
            throw RuleSyntaxError(message: "expected a number, found '\(text)'", column: token.column)
        }
        if suffix == "x" {
            let against = try next(expecting: "'baseline' or a metric name after '\(text)'")
            if against.text == "baseline" { return .timesBaseline(number) }
            guard against.text.first.map({ $0.isLetter || $0 == "_" }) == true else {
                throw RuleSyntaxError(message: "expected 'baseline' or a metric name after '\(text)', found '\(against.text)'",
                                      column: against.column)
            }
            return .timesMetric(number, metric: against.text)
        }
        guard let unit = MetricUnit(rawValue: suffix) else {
            let known = MetricUnit.allCases.filter { !$0.rawValue.isEmpty }.map(\.rawValue).joined(separator: " ")
            throw RuleSyntaxError(message: "unknown unit '\(suffix)' (known: \(known), or none)",
                                  column: token.column + numberPart.count)
        }
        return .value(number, unit: unit)
    }

    /// The signed percentage after `baseline`; a bare `baseline` is the baseline itself.
    private mutating func baselineOffset() throws(RuleSyntaxError) -> Double {
        guard let sign = peek, sign.text == "+" || sign.text == "-" else { return 0 }
        position += 1
        let amount = try next(expecting: "a percentage such as 10%")
        guard amount.text.hasSuffix("%"), let percent = Double(amount.text.dropLast()), percent >= 0 else {
            throw RuleSyntaxError(message: "expected a percentage such as 10%, found '\(amount.text)'", column: amount.column)
        }
        return sign.text == "-" ? -percent : percent
    }

    /// `keyword duration` when the next token is `keyword`, nil otherwise.
    mutating func optionalDuration(after keyword: String) throws(RuleSyntaxError) -> TimeInterval? {
        guard peek?.text == keyword else { return nil }
        position += 1
        return try duration(after: "'\(keyword)'")
    }

    mutating func duration(after what: String) throws(RuleSyntaxError) -> TimeInterval {
        let token = try next(expecting: "a duration such as 5m after \(what)")
        guard let span = DurationText.parse(token.text), span > 0 else {
            throw RuleSyntaxError(message: "expected a duration such as 30s, 5m or 1h, found '\(token.text)'", column: token.column)
        }
        return span
    }

    var peek: Token? { position < tokens.count ? tokens[position] : nil }

    mutating func next(expecting what: String) throws(RuleSyntaxError) -> Token {
        guard let token = peek else {
            throw RuleSyntaxError(message: "expected \(what) at end of rule", column: endColumn)
        }
        position += 1
        return token
    }

    mutating func expect(_ word: String, after context: String? = nil) throws(RuleSyntaxError) {
        let what = "'\(word)'" + (context.map { " after \($0)" } ?? "")
        let token = try next(expecting: what)
        guard token.text == word else {
            throw RuleSyntaxError(message: "expected \(what), found '\(token.text)'", column: token.column)
        }
    }

    /// Nothing may follow the rule; a `for` after `within` gets its own message, since the order is the mistake.
    func expectEnd(within: Bool) throws(RuleSyntaxError) {
        guard let extra = peek else { return }
        if within, extra.text == "for" {
            throw RuleSyntaxError(message: "'for' must come before 'within' (e.g. x > 1 for 5m within 1h)", column: extra.column)
        }
        throw RuleSyntaxError(message: "unexpected '\(extra.text)' after the end of the rule", column: extra.column)
    }
}
