import Foundation

/// What a query's expression evaluated to: the `data` of a successful answer, by its `resultType`.
enum PrometheusResult: Decodable, Sendable, Hashable {
    /// An instant vector: series with one point each.
    case vector([Series])
    /// A range vector: series with many points each, what range queries return.
    case matrix([Series])
    case scalar(Point)
    case string(Point)

    /// One series: its labels and its points. A native histogram sample has no plain value, so no point.
    struct Series: Decodable, Sendable, Hashable {
        var labels: [String: String]
        var points: [Point]
        var hasHistogram: Bool

        private enum CodingKeys: String, CodingKey { case metric, value, values, histogram, histograms }

        init(labels: [String: String], points: [Point], hasHistogram: Bool = false) {
            self.labels = labels
            self.points = points
            self.hasHistogram = hasHistogram
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            labels = try container.decodeIfPresent([String: String].self, forKey: .metric) ?? [:]
            if let point = try container.decodeIfPresent(Point.self, forKey: .value) {
                points = [point]
            } else {
                points = try container.decodeIfPresent([Point].self, forKey: .values) ?? []
            }
            hasHistogram = container.contains(.histogram) || container.contains(.histograms)
        }
    }

    /// `[<unix seconds>, "<value>"]`: values travel as strings because JSON has no NaN or Inf.
    struct Point: Decodable, Sendable, Hashable {
        var time: Double
        var text: String

        init(time: Double, text: String) {
            self.time = time
            self.text = text
        }

        init(from decoder: any Decoder) throws {
            var pair = try decoder.unkeyedContainer()
            time = try pair.decode(Double.self)
            text = try pair.decode(String.self)
        }
    }

    private enum CodingKeys: String, CodingKey { case resultType, result }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .resultType)
        switch type {
        case "vector": self = .vector(try container.decode([Series].self, forKey: .result))
        case "matrix": self = .matrix(try container.decode([Series].self, forKey: .result))
        case "scalar": self = .scalar(try container.decode(Point.self, forKey: .result))
        case "string": self = .string(try container.decode(Point.self, forKey: .result))
        default:
            throw DecodingError.dataCorruptedError(forKey: .resultType, in: container, debugDescription: "unknown resultType '\(type)'")
        }
    }
}
