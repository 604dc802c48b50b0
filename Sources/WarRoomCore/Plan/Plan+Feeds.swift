extension Plan {
    /// `[series: metric]` for one file or command source, so a metric reading `series:` gets those samples under
    /// its own name.
    public func renames(forSource source: String) -> [String: String] {
        var renames: [String: String] = [:]
        for metric in metrics {
            if case .source(source, let series?) = metric.feed { renames[series] = metric.name }
        }
        return renames
    }

    /// The metrics counted from one log, with how each is counted.
    public func derivedMetrics(ofLog log: String) -> [(name: String, derivation: LogDerivation)] {
        metrics.compactMap { metric in
            guard case .log(log, let derivation) = metric.feed else { return nil }
            return (metric.name, derivation)
        }
    }
}
