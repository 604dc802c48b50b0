/// A sample value as the text formats write it: a decimal number, or `NaN`, `Inf`, `+Inf`, `-Inf` (any case).
///
/// Stricter than `Double(String)`, which also takes hex (`0x1p3`) and `nan(…)` payloads that no metric exporter
/// writes and that would more likely be a column mix-up than a value.
enum MetricNumber: Sendable, Hashable {
    case finite(Double)
    /// NaN or an infinity (written, or a decimal too large for a Double). Read, so not malformed, but never a
    /// sample: it would poison averages and thresholds, and a made-up number would be worse (docs/decisions.md).
    case notFinite

    /// Nil when `text` is not a number at all.
    init?<S: StringProtocol>(_ text: S) {
        let unsigned = text.first == "+" || text.first == "-" ? text.dropFirst() : text[...]
        switch unsigned.lowercased() {
        case "nan", "inf", "infinity":
            self = .notFinite
            return
        default:
            break
        }
        guard Self.isDecimal(unsigned), let value = Double(String(text)) else { return nil }
        self = value.isFinite ? .finite(value) : .notFinite
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
