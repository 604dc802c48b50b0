import Foundation
import WarRoomCore

/// One metric's chart as inline SVG: the windows' means as a line over their min–max band, the plan's
/// success and alert thresholds, the stages as shaded bands, trigger periods (pending amber, firing red),
/// decision and rollback markers, and a time axis in T+ offsets. Static: no script, no external reference.
struct MetricChart {
    let series: SampleSeries
    let spec: MetricSpec?
    let report: PostMortem
    /// Seconds since 1970, shared by every chart so they line up one above the other.
    let timeDomain: ClosedRange<Double>
    /// Decisions and the rollback, the same on every chart: found once per export, not once per chart.
    let markers: [Marker]

    /// A labelled vertical line; the verdict is written, not only coloured.
    struct Marker {
        var time: Date
        var name: String
        var label: String

        /// The journal's decisions and the rollback within `domain`, in time order.
        static func all(in report: PostMortem, within domain: ClosedRange<Double>) -> [Marker] {
            var marks: [Marker] = report.entries.compactMap { entry in
                guard case .decisionRecorded(let record) = entry.event else { return nil }
                return Marker(time: entry.time, name: "decision \(record.verdict.rawValue)",
                              label: "\(record.point) \(EventPhrase.verdictWord(record.verdict))")
            }
            if let rollback = report.state.rollback { marks.append(Marker(time: rollback.at, name: "decision rollback", label: "ROLLED BACK")) }
            return marks.filter { domain.contains($0.time.timeIntervalSince1970) }.sorted { $0.time < $1.time }
        }
    }

    static let width = 960.0, height = 310.0
    /// The top margin holds two rows of marker labels above the row of stage labels.
    static let left = 70.0, right = 20.0, top = 66.0, bottom = 30.0
    /// At most one point per this many pixels.
    static let pixelsPerPoint = 1.5

    private var plotLeft: Double { Self.left }
    private var plotRight: Double { Self.width - Self.right }
    private var plotTop: Double { Self.top }
    private var plotBottom: Double { Self.height - Self.bottom }
    private var x: ChartScale { ChartScale(domain: timeDomain, from: plotLeft, to: plotRight) }
    private var unit: MetricUnit { spec?.unit ?? .count }

    func write(to html: inout HTMLWriter) {
        var values = series.buckets.flatMap { [$0.min, $0.max] }
            + [spec?.success.value, spec?.alert.value, spec?.baseline].compactMap { $0 }
        // Headroom above the highest line, so it and its label stay clear of the plot's top edge.
        if let high = values.max(), let low = values.min() { values.append(high + (high - min(0, low)) * 0.08) }
        let (valueDomain, valueTicks) = ChartScale.niceValues(values)
        let y = ChartScale(domain: valueDomain, from: plotBottom, to: plotTop)
        html.open("svg", [("class", "chart"), ("viewBox", "0 0 \(Int(Self.width)) \(Int(Self.height))"),
                          ("role", "img"), ("aria-label", "Chart of \(series.metric)")])
        html.element("title", "\(series.metric): window means with min–max band, thresholds, stages, triggers and decisions")
        html.raw("\n")
        rect(&html, "plot", plotLeft, plotTop, plotRight - plotLeft, plotBottom - plotTop)
        stageBands(&html)
        triggerPeriods(&html)
        valueAxis(&html, y, valueTicks)
        thresholds(&html, y)
        data(&html, y)
        drawMarkers(&html)
        timeAxis(&html)
        html.close("svg")
    }

    // MARK: Layers

    private func stageBands(_ html: inout HTMLWriter) {
        for (position, stage) in report.stages.periods.enumerated() {
            band(&html, from: stage.start, to: stage.end, class: position % 2 == 0 ? "stage even" : "stage odd",
                 label: stage.name)
        }
        if let rolledBackAt = report.stages.rolledBackAt {
            band(&html, from: rolledBackAt, to: report.end, class: "stage after", label: "after rollback")
        }
    }

    private func band(_ html: inout HTMLWriter, from start: Date, to end: Date, class name: String, label: String) {
        guard let (left, right) = span(start, end) else { return }
        rect(&html, name, left, plotTop, right - left, plotBottom - plotTop)
        rect(&html, name + " tab", left, plotTop - 22, right - left, 18)
        text(&html, "stage-label", left + 4, plotTop - 9, fitted(label, width: right - left - 8))
    }

    /// Each trigger reading this metric gets its own lane along the plot's foot, so overlapping episodes of
    /// two rules stay apart; the lane's bar names the state and the rule. A flapping trigger's episodes that
    /// fall on the same pixels are drawn as one period.
    private func triggerPeriods(_ html: inout HTMLWriter) {
        let rules = report.plan.triggers.filter { $0.metric == series.metric }.map(\.id)
        var spans: [(state: String, lane: Int, start: Date, end: Date, rule: String)] = []
        for episode in report.triggers.periods where rules.contains(episode.trigger) {
            let lane = rules.firstIndex(of: episode.trigger) ?? 0
            if let pending = episode.pending {
                spans.append(("pending", lane, pending.at, episode.firing?.at ?? episode.resolved?.at ?? report.end, episode.trigger))
            }
            if let firing = episode.firing {
                spans.append(("firing", lane, firing.at, episode.resolved?.at ?? report.end, episode.trigger))
            }
        }
        let pixel = (timeDomain.upperBound - timeDomain.lowerBound) / (plotRight - plotLeft)
        spans.sort { ($0.lane, $0.state, $0.start) < ($1.lane, $1.state, $1.start) }
        var merged: [(state: String, lane: Int, start: Date, end: Date, rule: String)] = []
        for span in spans {
            if let last = merged.last, last.lane == span.lane, last.state == span.state,
               span.start.timeIntervalSince(last.end) < pixel {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        for span in merged.sorted(by: { ($0.start, $0.lane) < ($1.start, $1.lane) }) {
            shade(&html, span.state, lane: Double(span.lane), from: span.start, to: span.end, rule: span.rule)
        }
    }

    static let laneHeight = 13.0

    /// A translucent period over the whole plot, with a solid bar in the rule's lane that reads in print.
    private func shade(_ html: inout HTMLWriter, _ state: String, lane: Double, from start: Date, to end: Date, rule: String) {
        guard let (left, right) = span(start, end) else { return }
        let width = max(right - left, 1.5)
        let top = plotBottom - (lane + 1) * (Self.laneHeight + 1)
        html.open("g", [("class", state)])
        html.element("title", "\(state): \(rule)")
        html.raw("\n")
        rect(&html, "shade", left, plotTop, width, plotBottom - plotTop)
        rect(&html, "bar", left, top, width, Self.laneHeight)
        text(&html, "bar-label", left + 3, top + Self.laneHeight - 3, fitted("\(state): \(rule)", width: width - 6, character: 5.6))
        html.close("g")
        html.raw("\n")
    }

    private func valueAxis(_ html: inout HTMLWriter, _ y: ChartScale, _ ticks: [Double]) {
        for tick in ticks {
            let level = y(tick)
            line(&html, "grid", plotLeft, level, plotRight, level)
            text(&html, "tick-label value", plotLeft - 6, level + 4, unit.format(tick))
        }
    }

    private func thresholds(_ html: inout HTMLWriter, _ y: ChartScale) {
        guard let spec else { return }
        let lines: [(String, String, Double?)] = [
            ("alert", "alert \(spec.alert.describe(unit: unit))", spec.alert.value),
            ("success", "success \(spec.success.describe(unit: unit))", spec.success.value),
            ("baseline", "baseline \(unit.format(spec.baseline ?? 0))", spec.baseline),
        ]
        var taken: [Double] = []
        for (name, label, value) in lines {
            guard let value, y.contains(value) else { continue }
            let level = y(value)
            line(&html, "threshold \(name)", plotLeft, level, plotRight, level)
            // Above the line, or below it when another label already sits there.
            let above = level - 4, below = level + 12
            let free = { (spot: Double) in taken.allSatisfy { abs($0 - spot) >= 12 } }
            let spot = free(above) || !free(below) ? above : below
            taken.append(spot)
            text(&html, "threshold-label \(name)", plotRight - 4, spot, label)
        }
    }

    private func data(_ html: inout HTMLWriter, _ y: ChartScale) {
        guard !series.buckets.isEmpty else {
            text(&html, "empty", (plotLeft + plotRight) / 2, (plotTop + plotBottom) / 2, "no samples in the journal")
            return
        }
        let columns = Int((plotRight - plotLeft) / Self.pixelsPerPoint)
        let x = self.x
        for run in ChartColumns(series.buckets, domain: timeDomain, columns: columns).runs {
            var band = "", mean = ""
            for (index, point) in run.enumerated() {
                band += (index == 0 ? "M" : "L") + SVGNumber.format(x(point.time)) + " " + SVGNumber.format(y(point.max))
                mean += (index == 0 ? "M" : "L") + SVGNumber.format(x(point.time)) + " " + SVGNumber.format(y(point.mean))
            }
            for point in run.reversed() {
                band += "L" + SVGNumber.format(x(point.time)) + " " + SVGNumber.format(y(point.min))
            }
            html.empty("path", [("class", "range"), ("d", band + "Z")])
            html.raw("\n")
            if run.count == 1, let point = run.first {
                html.empty("circle", [("class", "dot"), ("cx", SVGNumber.format(x(point.time))),
                                      ("cy", SVGNumber.format(y(point.mean))), ("r", "2")])
            } else {
                html.empty("path", [("class", "mean"), ("d", mean)])
            }
            html.raw("\n")
        }
    }

    /// Decisions and the rollback as labelled vertical lines.
    private func drawMarkers(_ html: inout HTMLWriter) {
        for (position, marker) in markers.enumerated() {
            let (name, label) = (marker.name, marker.label)
            let left = x(marker.time.timeIntervalSince1970)
            // Above the plot, where no threshold label can be; alternate rows so neighbours do not overprint.
            let level = 13 + Double(position % 2) * 14
            html.open("g", [("class", "marker " + name)])
            line(&html, "rule", left, level + 3, left, plotBottom)
            let anchorEnd = left > plotRight - 110
            text(&html, anchorEnd ? "marker-label end" : "marker-label", left + (anchorEnd ? -4 : 4), level, label)
            html.close("g")
            html.raw("\n")
        }
    }

    private func timeAxis(_ html: inout HTMLWriter) {
        line(&html, "axis", plotLeft, plotBottom, plotRight, plotBottom)
        let origin = report.t0?.timeIntervalSince1970 ?? timeDomain.lowerBound
        for offset in ChartScale.timeTicks(timeDomain, origin: origin) {
            let left = x(origin + offset)
            line(&html, "tick", left, plotBottom, left, plotBottom + 5)
            text(&html, "tick-label time", left, plotBottom + 18, tickLabel(offset, origin: origin))
        }
    }

    /// `T+15m`, `T0`, `T-5m`; the UTC clock time when the release never started.
    private func tickLabel(_ offset: Double, origin: Double) -> String {
        guard report.t0 != nil else {
            return String(UTCFormat.time(Date(timeIntervalSince1970: origin + offset)).prefix(5))
        }
        if offset == 0 { return "T0" }
        return (offset < 0 ? "T-" : "T+") + DurationText.formatPlan(abs(offset))
    }

    // MARK: Drawing

    /// The part of `[start, end]` inside the chart, in pixels; nil when none of it is.
    private func span(_ start: Date, _ end: Date) -> (Double, Double)? {
        let low = max(start.timeIntervalSince1970, timeDomain.lowerBound)
        let high = min(end.timeIntervalSince1970, timeDomain.upperBound)
        guard high >= low else { return nil }
        return (x(low), x(high))
    }

    /// Cuts a label to about the width it has (11px text is about 6.2px a character), with an ellipsis.
    private func fitted(_ label: String, width: Double, character: Double = 6.2) -> String {
        let room = Int(max(0, width) / character)
        guard label.count > room else { return label }
        return room < 2 ? "" : String(label.prefix(room - 1)) + "…"
    }

    private func rect(_ html: inout HTMLWriter, _ name: String, _ left: Double, _ top: Double, _ width: Double, _ height: Double) {
        html.empty("rect", [("class", name), ("x", SVGNumber.format(left)), ("y", SVGNumber.format(top)),
                            ("width", SVGNumber.format(max(0, width))), ("height", SVGNumber.format(max(0, height)))])
        html.raw("\n")
    }

    private func line(_ html: inout HTMLWriter, _ name: String, _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
        html.empty("line", [("class", name), ("x1", SVGNumber.format(x1)), ("y1", SVGNumber.format(y1)),
                            ("x2", SVGNumber.format(x2)), ("y2", SVGNumber.format(y2))])
        html.raw("\n")
    }

    private func text(_ html: inout HTMLWriter, _ name: String, _ left: Double, _ top: Double, _ content: String) {
        guard !content.isEmpty else { return }
        html.element("text", [("class", name), ("x", SVGNumber.format(left)), ("y", SVGNumber.format(top))], content)
        html.raw("\n")
    }
}
