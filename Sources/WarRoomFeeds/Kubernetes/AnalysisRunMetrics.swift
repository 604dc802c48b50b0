import Foundation
import WarRoomCore

/// The metrics of an Argo Rollouts `AnalysisRun` (`kubectl get analysisrun NAME -o json`): each metric's phase
/// and its newest finished measurement (a measurement still running has no value yet, so the one before it says
/// more).
struct AnalysisRunMetrics: Sendable, Hashable {
    var name: String
    var metrics: [ControllerStatus.Metric]

    static func parse(_ bytes: [UInt8]) throws -> AnalysisRunMetrics {
        let root = try JSONCursor.resource(bytes, kind: "AnalysisRun")
        let name = try root.required("metadata").required("name").string()
        let status = try root.required("status")
        guard case .object = status.value else { throw status.mismatch("an object") }
        var metrics: [ControllerStatus.Metric] = []
        for result in try status.array("metricResults") {
            let measurements = try result.array("measurements")
            let newest = try measurements.last { (measurement) in try measurement.field("finishedAt") != nil }
                ?? measurements.last
            // Read past the limit too: a malformed metric is an error wherever it is.
            let metric = ControllerStatus.Metric(
                name: try result.required("name").string().excerpt(ControllerStatus.shortTextLimit),
                phase: AnalysisPhase(rawValue: try result.string("phase") ?? "").kept(),
                latest: try newest.map { (measurement) in
                    ControllerStatus.Measurement(
                        phase: AnalysisPhase(rawValue: try measurement.string("phase") ?? "").kept(),
                        value: try measurement.string("value")?.kept(ControllerStatus.shortTextLimit),
                        time: try measurement.date("finishedAt") ?? measurement.date("startedAt"))
                })
            if metrics.count < ControllerStatus.metricLimit { metrics.append(metric) }
        }
        return AnalysisRunMetrics(name: name, metrics: metrics)
    }
}
