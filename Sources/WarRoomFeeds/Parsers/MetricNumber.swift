/// A sample value as the text formats write it: a decimal number, or `NaN`, `Inf`, `+Inf`, `-Inf` (any case).
///
/// Stricter than `Double(String)`, which also takes hex (`0x1p3`) and `nan(…)` payloads that no metric exporter
/// writes and that would more likely be a column mix-up than a value. Whether the number can be a sample is not
/// decided here but at ``SampleCheck``, for every source alike.
enum MetricNumber {
    /// The number `text` writes (NaN, an infinity, or a decimal too large for a Double as an infinity); nil when
    /// it is not a number at all.
    static func value<S: StringProtocol>(_ text: S) -> Double? {
        let negative = text.first == "-"
        let unsigned = text.first == "+" || negative ? text.dropFirst() : text[...]
        switch unsigned.lowercased() {
        case "nan": return .nan
        case "inf", "infinity": return negative ? -.infinity : .infinity
        default: break
        }
        guard isDecimal(unsigned) else { return nil }
        return Double(String(text))
    }

    /// Digits with at most one point and an optional exponent: `12`, `0.5`, `.5`, `5.`, `1e-3`.
    private static func isDecimal<S: StringProtocol>(_ text: S) -> Bool {
        var digits = 0, sawPoint = false, sawExponent = false, exponentDigits = 0
        var previous: Character?
        for character in text {
            let isExponentMark = character == "e" || character == "E"
            let isSign = character == "+" || character == "-"
            if character.isASCII, character.isWholeNumber {
                if sawExponent { exponentDigits += 1 } else { digits += 1 }
            } else if character == ".", !sawPoint, !sawExponent {
                sawPoint = true
            } else if isExponentMark, !sawExponent, digits > 0 {
                sawExponent = true
            } else if isSign, previous == "e" || previous == "E" {
                // The exponent's sign.
            } else {
                return false
            }
            previous = character
        }
        return digits > 0 && (!sawExponent || exponentDigits > 0)
    }
}
