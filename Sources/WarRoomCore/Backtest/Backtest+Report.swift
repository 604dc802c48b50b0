import Foundation

extension Backtest.Result {
    /// The timeline, one transition a line (`T+21m10s  trigger  error_rate > 2% for 5m: inactive → pending (2.31% vs > 2%)`),
    /// then the outcome and why.
    public var report: String {
        var lines = transitions.map { transition in
            let change = (transition.from.map { "\($0) → " } ?? "") + transition.to
            let offset = DurationText.formatOffset(transition.offset).padding(toLength: 10, withPad: " ", startingAt: 0)
            let kind = transition.kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            return "\(offset)\(kind)\(transition.subject): \(change)" + (transition.detail.isEmpty ? "" : " (\(transition.detail))")
        }
        if transitions.isEmpty { lines.append("no transitions: nothing happened between T0 and the end of the data") }
        lines.append("")
        lines.append("outcome: \(outcome.rawValue.uppercased()) (exit \(outcome.exitCode)), data to \(DurationText.formatOffset(end.timeIntervalSince(t0)))")
        for (rule, at) in fired { lines.append("  fired: \(rule) at \(DurationText.formatOffset(at.timeIntervalSince(t0)))") }
        for (metric, status, at) in missing {
            lines.append("  \(status.rawValue.lowercased()): \(metric) from \(DurationText.formatOffset(at.timeIntervalSince(t0)))")
        }
        if !unreplayedChecks.isEmpty {
            lines.append("  health checks not replayed: \(unreplayedChecks.joined(separator: ", ")) (no recorded results)")
        }
        if !signals.isEmpty {
            lines.append("")
            lines.append("judge and burn rates beside the threshold triggers:")
            lines += signals.map { "  " + $0.words(t0: t0) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One JSON object a line: every transition, then `{"outcome": …}`, for scripts and CI.
    public func jsonLines() -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        struct Summary: Encodable {
            struct Fired: Encodable { var rule: String; var at: Date }
            struct Missing: Encodable { var metric: String; var status: String; var at: Date }
            var outcome: String
            var exit: Int32
            var t0: Date
            var end: Date
            var fired: [Fired]
            var missing: [Missing]
            /// Absent when every check was replayed, so scripts reading older output see the same keys.
            var unreplayedChecks: [String]?
            /// Absent for a plan without a judge or burn rates, likewise.
            var signals: [SignalLine]?
        }
        struct SignalLine: Encodable {
            var kind: String
            var name: String
            /// Absent when it never failed or fired.
            var at: Date?
            var threshold: String?
            var thresholdAt: Date?
            /// Seconds before the first threshold trigger fired; negative when after; absent unless both happened.
            var earlierBy: Double?
            var last: String?
            var words: String
        }
        let summary = Summary(outcome: outcome.rawValue, exit: outcome.exitCode, t0: t0, end: end,
                              fired: fired.map { Summary.Fired(rule: $0.rule, at: $0.at) },
                              missing: missing.map { Summary.Missing(metric: $0.metric, status: $0.status.rawValue, at: $0.at) },
                              unreplayedChecks: unreplayedChecks.isEmpty ? nil : unreplayedChecks,
                              signals: signals.isEmpty ? nil : signals.map { signal in
                                  SignalLine(kind: signal.kind.rawValue, name: signal.name, at: signal.at, threshold: signal.threshold?.rule,
                                             thresholdAt: signal.threshold?.at, earlierBy: signal.earlierBy,
                                             last: signal.at == nil ? signal.last : nil, words: signal.words(t0: t0))
                              })
        // Encoding plain values of our own types cannot fail.
        let lines = transitions.map { try! encoder.encode($0) } + [try! encoder.encode(summary)]
        return lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n") + "\n"
    }
}

extension Backtest.Signal {
    /// `judge FAIL at T+12m00s, 29m20s before error_rate > 2% for 5m fired (T+41m20s)`;
    /// `burn_rate(checkout, 1h, 5m) > 14.4 fired at T+20m00s; threshold triggers never fired`;
    /// `judge never FAILed (last PASS, score 100); error_rate > 2% for 5m fired at T+41m20s`.
    public func words(t0: Date) -> String {
        let event = switch kind {
        case .judge: "judge FAIL"
        case .judgeTrigger, .burnRate: name + " fired"
        }
        let thresholdWords = threshold.map { "\($0.rule) fired (\(DurationText.formatOffset($0.at.timeIntervalSince(t0))))" }
        guard let at else {
            let never = switch kind {
            case .judge: "judge never FAILed"
            case .judgeTrigger, .burnRate: name + " never fired"
            }
            return never + (last.map { " (\($0))" } ?? "")
                + (threshold.map { "; \($0.rule) fired at \(DurationText.formatOffset($0.at.timeIntervalSince(t0)))" }
                    ?? "; threshold triggers never fired either")
        }
        let when = "\(event) at \(DurationText.formatOffset(at.timeIntervalSince(t0)))"
        guard let thresholdWords, let lead = earlierBy else { return when + "; threshold triggers never fired" }
        if lead == 0 { return when + ", as " + thresholdWords }
        return when + ", \(DurationText.format(abs(lead))) \(lead > 0 ? "before" : "after") " + thresholdWords
    }
}
