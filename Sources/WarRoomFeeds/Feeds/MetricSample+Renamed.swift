import WarRoomCore

extension MetricSample {
    /// The sample under the plan's metric name when its series is mapped (`[series: metric]`), else unchanged:
    /// this is how a plan's `series:` picks what a source calls something else.
    func renamed(by renames: [String: String]) -> MetricSample {
        guard let metric = renames[name] else { return self }
        var renamed = self
        renamed.name = metric
        return renamed
    }
}
