import Foundation
import WarRoomCore

/// Reads metric lines in any ``MetricFormat``. Keep one per stream of lines (a file, one command's output):
/// CSV remembers its header between lines.
public struct MetricParser: Sendable, Hashable {
    public let format: MetricFormat
    private var csv = CSVMetricParser()

    public init(format: MetricFormat) {
        self.format = format
    }

    /// The samples of one line; a blank or comment line holds none and is not an error.
    public mutating func parse(_ line: String, arrival: Date) -> Result<[MetricSample], MetricParseError> {
        switch format {
        case .json: MetricLineParser.parse(line, arrival: arrival)
        case .prometheus: ExpositionLineParser.parse(line, arrival: arrival)
        case .csv: csv.parse(line, arrival: arrival)
        case .plain: PlainLineParser.parse(line, arrival: arrival)
        }
    }

    /// The stream starts over (a truncated file): forget what earlier lines established, i.e. the CSV header.
    public mutating func restart() {
        csv.reset()
    }

    /// True when the next line is expected to be a header rather than samples.
    public var awaitsHeader: Bool { format == .csv && !csv.hasHeader }
}
