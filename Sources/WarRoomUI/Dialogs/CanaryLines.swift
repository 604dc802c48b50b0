import Foundation
import WarRoomCore

/// The canary view's lines: the judge's score and why, then each judged metric (its call, both cohorts over the judge's
/// window on one scale, its interval against the tolerance, its reason), then each objective's burn rates and budget,
/// each with the triggers reading it. Draws `state.canary` as the runtime left it and never judges again. Missing data
/// is said in words and drawn dim or in the stale style, never in the style of a pass.
struct CanaryLines {
    let state: AppState

    /// A failing call or a burning budget: red and bold, without the reverse video a whole line would drown in.
    static let failing = Style(foreground: .red, bold: true)
    /// Where the labels end and the sparklines and the gauge begin.
    static let labelColumn = 11

    func lines(width: Int) -> [(String, Style)] {
        var lines = scoreLines(width: width)
        if let judgement = state.canary {
            for (metric, verdict) in judged(judgement) {
                lines += [("", .plain)] + metricLines(metric, verdict: verdict, at: judgement.at, width: width)
            }
        }
        for slo in state.plan.slos { lines += [("", .plain)] + sloLines(slo, width: width) }
        let keys = "↑↓ PgUp PgDn scroll    Esc or v closes"
        return lines + [("", .plain), (Text.fitWords(keys, width), Theme.label)]
    }

    /// Each verdict with its metric, in the plan's order.
    private func judged(_ judgement: Judgement) -> [(MetricSpec, MetricVerdict)] {
        state.plan.judgedMetrics.compactMap { metric in judgement.verdict(of: metric.name).map { (metric, $0) } }
    }

    // MARK: The score

    private func scoreLines(width: Int) -> [(String, Style)] {
        guard let judgement = state.canary else {
            guard state.plan.judgedMetrics.isEmpty else {
                return wrap("JUDGE: no judgement yet.", width, Theme.stale)
            }
            return wrap("No metric is judged: give a metric cohorts (its canary and baseline series) and judge settings; "
                        + "see docs/plan-format.md (cohorts:, judge:).", width, Theme.label)
        }
        let settings = state.plan.judge
        let head: String = switch judgement.outcome {
        case .noData: "JUDGE NO DATA — \(judgement.why)"
        case .pass, .marginal, .fail: "JUDGE \(judgement.outcome.rawValue)  score \(Judgement.formatScore(judgement.score)) — \(judgement.why)"
        }
        var lines = wrap(head, width, Self.style(for: judgement.outcome), indent: 2)
        if judgement.failStreak > 1 {
            lines += wrap("FAIL \(judgement.failStreak) judgements in a row", width, Self.failing, indent: 2)
        }
        let when = "judged \(TimeText.offset(judgement.at, from: state.t0)) (\(TimeText.clock(judgement.at)) UTC) on the last "
            + "\(DurationText.formatPlan(settings.window)) · \(AnalysisWords.percent(settings.confidence)) confidence · "
            + "pass \(Judgement.formatScore(settings.pass)) / marginal \(Judgement.formatScore(settings.marginal)) · "
            + "at least \(settings.minSamples) samples a side"
        lines += wrap(when, width, Theme.label, indent: 2)
        lines += triggerLines(state.plan.triggers.filter { $0.metric == JudgeScoreTrigger.subjectWord }, width: width)
        return lines
    }

    static func style(for outcome: Judgement.Outcome) -> Style {
        switch outcome {
        case .pass: Style(foreground: .green, bold: true)
        case .marginal: Theme.warn
        case .fail: failing
        case .noData: Theme.stale
        }
    }

    // MARK: One metric

    private func metricLines(_ metric: MetricSpec, verdict: MetricVerdict, at: Date, width: Int) -> [(String, Style)] {
        let style: Style = switch verdict.call {
        case .pass: Theme.ok
        case .high, .low: verdict.fails ? Self.failing : Theme.warn
        case .noData: Theme.label
        }
        let direction = metric.judging.map { " · \($0.direction.rawValue) is bad" } ?? ""
        var lines: [(String, Style)] = [(Text.fitWords("\(metric.name)  \(verdict.call.rawValue)\(verdict.critical ? "  critical" : "")"
                                                       + direction, width), style)]
        guard let cohorts = metric.cohorts else { return lines }
        let canary = window(of: cohorts.canary.series, at: at)
        let baseline = window(of: cohorts.baseline.series, at: at)
        let evidence = verdict.evidence
        let tails = [
            Self.tail(median: evidence?.canaryMedian, samples: evidence?.canarySamples ?? canary.count, unit: metric.unit),
            Self.tail(median: evidence?.baselineMedian, samples: evidence?.baselineSamples ?? baseline.count, unit: metric.unit),
        ]
        let room = max(8, width - Self.labelColumn - (tails.map(TextWidth.columns(of:)).max() ?? 0) - 2)
        // One scale for both, so the taller line is the higher cohort.
        let scale = (canary + baseline).map(\.value).filter(\.isFinite)
        let lines2 = [("canary", canary, tails[0]), ("baseline", baseline, tails[1])].map { name, points, tail in
            let spark = points.isEmpty ? Text.pad("no samples", room) : Text.pad(spark(points, at: at, width: room, scale: scale), room)
            return (Text.pad("  " + name, Self.labelColumn) + spark + "  " + tail, points.isEmpty ? Theme.label : Style.plain)
        }
        lines += lines2
        if let evidence {
            // The interval in a failing call's colour; otherwise plain, evidence rather than a verdict.
            lines.append((Text.fitWords(gauge(evidence, metric: metric, width: width), width), verdict.fails ? style : .plain))
        }
        lines.append((Text.fitWords("  " + verdict.reason, width), Theme.label))
        return lines
    }

    /// `median 292ms · 60 samples`, or `median — · 3 samples` before there is a verdict.
    static func tail(median: Double?, samples: Int, unit: MetricUnit) -> String {
        "median \(median.map(unit.format) ?? "—") · \(samples) sample\(samples == 1 ? "" : "s")"
    }

    /// The samples of `series` in the judge's window ending at `at`, as it compared them.
    private func window(of series: String, at: Date) -> [Series.Point] {
        let start = at.addingTimeInterval(-state.plan.judge.window)
        return (state.series[series]?.points ?? []).filter { $0.time > start && $0.time <= at }
    }

    /// The window in `width` columns of time, each the mean of its samples; a column without one is a gap, so a
    /// cohort that went quiet does not read as a steady one.
    private func spark(_ points: [Series.Point], at: Date, width: Int, scale: [Double]) -> String {
        let span = state.plan.judge.window
        var sums = [Double](repeating: 0, count: width), counts = [Int](repeating: 0, count: width)
        for point in points where point.value.isFinite {
            let position = 1 - at.timeIntervalSince(point.time) / span
            let column = min(width - 1, max(0, Int(position * Double(width))))
            sums[column] += point.value
            counts[column] += 1
        }
        let references = [scale.min(), scale.max()].compactMap { $0 }
        return String(zip(sums, counts).map { sum, count in
            count == 0 ? " " : Sparkline.render([sum / Double(count)], width: 1, references: references)
        }.joined())
    }

    /// `  shift    ◀·····┆·····│··[══●══]┆·····▶  +78ms vs ±20.5ms`: the interval of the change against the band the
    /// tolerance allows (`┆`) and no change (`│`), on a scale twice the band either side, so every metric's band sits
    /// in the same columns; what runs past the scale ends in an arrow.
    private func gauge(_ evidence: JudgeEvidence, metric: MetricSpec, width: Int) -> String {
        let label: String, lower: Double, shift: Double, upper: Double, allowed: Double, legend: String
        switch evidence.comparison {
        case .rank(let test):
            label = "shift"
            (lower, shift, upper, allowed) = (test.interval.lowerBound, test.shift, test.interval.upperBound, evidence.allowed)
            legend = "\(metric.unit.formatSigned(shift)) vs ±\(metric.unit.format(allowed))"
        case .counts(let test):
            // Rates compare as a ratio: no change is 1×, the band 1 ± tolerance.
            label = "rate"
            let tolerance = metric.judging?.tolerance ?? MetricJudging().tolerance
            let ratio = test.rateRatio ?? .infinity
            (lower, shift, upper, allowed) = (test.interval.lowerBound - 1, ratio - 1, test.interval.upperBound - 1, tolerance)
            legend = "\(AnalysisWords.times(ratio)) vs \(AnalysisWords.times(1 - tolerance))–\(AnalysisWords.times(1 + tolerance))"
        }
        let columns = max(9, min(41, width - Self.labelColumn - TextWidth.columns(of: legend) - 2)) | 1
        return Text.pad("  " + label, Self.labelColumn) + Self.gauge(lower: lower, shift: shift, upper: upper, allowed: allowed,
                                                                     columns: columns) + "  " + legend
    }

    /// The gauge itself, `columns` wide (odd, so no change sits in the middle).
    static func gauge(lower: Double, shift: Double, upper: Double, allowed: Double, columns: Int) -> String {
        let finite = [lower, shift, upper].filter(\.isFinite).map(abs)
        let reach = allowed > 0 && allowed.isFinite ? 2 * allowed : max(1e-9, (finite.max() ?? 1) * 1.25)
        let last = columns - 1
        func column(_ value: Double) -> Int {
            guard !value.isNaN else { return last / 2 }
            let position = (max(-reach, min(reach, value)) + reach) / (2 * reach)
            return Int((position * Double(last)).rounded())
        }
        var cells = [Character](repeating: "·", count: columns)
        if allowed > 0, allowed.isFinite {
            cells[column(-allowed)] = "┆"
            cells[column(allowed)] = "┆"
        }
        cells[column(0)] = "│"
        let (from, to) = (column(lower), column(upper))
        if from < to {
            for index in from...to { cells[index] = "═" }
            cells[from] = "["
            cells[to] = "]"
        }
        cells[column(shift)] = "●"
        if lower < -reach { cells[0] = "◀" }
        if upper > reach || shift > reach { cells[last] = "▶" }
        return String(cells)
    }

    // MARK: Objectives

    private func sloLines(_ slo: SLOSpec, width: Int) -> [(String, Style)] {
        var lines = wrap("SLO \(slo.name): \(AnalysisWords.percent(slo.objective)) good over \(Self.days(slo.period))",
                         width, Style(bold: true), indent: 2)
        let standings = state.standings(of: slo)
        let rules = state.plan.triggers.filter { rule in
            switch rule.condition {
            case .burnRate(let kind): kind.slo == slo.name
            case .threshold, .failureStreak, .judgeScore, .judgeStreak: false
            }
        }
        let firing = rules.contains { state.triggers[$0.id]?.isFiring == true }
        let indent = String(repeating: " ", count: Self.labelColumn)
        for (cohort, _) in slo.ledgers {
            let name = Text.pad("  " + cohort.rawValue, Self.labelColumn)
            guard let standing = standings.first(where: { $0.cohort == cohort }),
                  standing.shortRate != nil || standing.hourRate != nil else {
                lines.append((name + "no events in the last hour: not counted as healthy", Theme.stale))
                continue
            }
            let rate = { (rate: Double?, window: String) in
                rate.map { "\(BurnLedger.formatRate($0)) over \(window)" } ?? "no events over \(window)"
            }
            let hottest = max(standing.shortRate ?? 0, standing.hourRate ?? 0)
            let style: Style = firing && cohort == slo.watchedCohort ? Self.failing
                : hottest > 1 ? Theme.warn : standing.shortRate == nil ? Theme.stale : Theme.ok
            lines.append((Text.fitWords(name + "burn " + rate(standing.shortRate, "5m") + " · " + rate(standing.hourRate, "1h"), width),
                          style))
            let used = standing.budgetUsed.map { "\(AnalysisWords.share($0)) of the \(Self.days(slo.period)) budget used" }
                ?? (state.t0 == nil ? "budget counted from T0" : "no budget used yet")
            let left: String = switch (standing.timeToExhaustion, standing.hourRate) {
            case (let time?, _): "gone in \(DurationText.format(time)) at this rate"
            case (nil, 0?): "not burning"
            case (nil, _): "no events over 1h"
            }
            lines += wrap(indent + used + " · " + left, width, standing.timeToExhaustion.map { $0 < 86_400 } == true ? style : .plain,
                          indent: Self.labelColumn)
        }
        lines += triggerLines(rules, width: width)
        return lines
    }

    // MARK: Triggers

    /// `  ↳ judge score < 75 for 5m  FIRING since T+14m`, then what it compares now.
    private func triggerLines(_ rules: [TriggerRule], width: Int) -> [(String, Style)] {
        rules.flatMap { rule -> [(String, Style)] in
            let trigger = state.triggers[rule.id] ?? TriggerState()
            let (phase, style): (String, Style) = switch trigger.phase {
            case .firing(let since): ("FIRING since \(TimeText.offset(since, from: state.t0))", Self.failing)
            case .pending(let since): ("pending since \(TimeText.offset(since, from: state.t0))", Theme.pending)
            case .inactive: (state.word(of: rule), .plain)
            }
            let comparison = rule.kind.comparison(of: rule, in: state)
            return wrap("  ↳ \(rule.text)  \(phase)", width, style, indent: 6)
                + (comparison.isEmpty ? [] : wrap("      " + comparison, width, Theme.label, indent: 6))
        }
    }

    // MARK: Words

    /// A period as objectives are written: `28d`, else as a plan writes spans.
    static func days(_ period: TimeInterval) -> String {
        period >= 86_400 && period.truncatingRemainder(dividingBy: 86_400) == 0 ? "\(Int(period / 86_400))d" : DurationText.formatPlan(period)
    }

    /// `text` wrapped to `width`, its later lines indented by `indent`.
    private func wrap(_ text: String, _ width: Int, _ style: Style, indent: Int = 0) -> [(String, Style)] {
        // A line that fits keeps its spacing; wrapping would fold the double spaces that set words apart.
        if TextWidth.columns(of: TextWidth.sanitize(text)) <= width { return [(text, style)] }
        let lead = text.prefix { $0 == " " }.count
        let first = Text.wrap(String(text.dropFirst(lead)), max(10, width - lead))
        guard let head = first.first else { return [] }
        let rest = Text.wrap(first.dropFirst().joined(separator: " "), max(10, width - indent))
        return [(String(repeating: " ", count: lead) + head, style)] + rest.map { (String(repeating: " ", count: indent) + $0, style) }
    }
}
