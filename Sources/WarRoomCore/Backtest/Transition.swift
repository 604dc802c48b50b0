import Foundation

/// One change a backtest saw: a metric's status, a trigger's phase, the gate, a decision point reached, a source, the
/// canary judge's outcome.
public struct Transition: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case metric, trigger, gate, decision, source
        /// The canary judge's outcome (PASS, MARGINAL, FAIL, NO DATA) as journaled.
        case judge
    }

    public var time: Date
    /// Seconds from T0.
    public var offset: TimeInterval
    public var kind: Kind
    /// The metric name, the trigger's rule, `gate`, the decision point's id, the source's name, `judge`.
    public var subject: String
    public var from: String?
    public var to: String
    /// The evidence of the moment in words: the value against its threshold, the gate's first reason.
    public var detail: String

    public init(time: Date, offset: TimeInterval, kind: Kind, subject: String, from: String?, to: String, detail: String) {
        self.time = time
        self.offset = offset
        self.kind = kind
        self.subject = subject
        self.from = from
        self.to = to
        self.detail = detail
    }
}
