import Foundation
import WarRoomCore

extension PrometheusResponse {
    /// An instant query's answer as the metric's one sample, stamped with the time Prometheus gave it, or its one
    /// point refused. Anything but exactly one point is an error: a sum over several series or a 0 for "nothing
    /// matched" would look like data. Except for an event count (`emptyIsZero`, an objective's bad requests): there
    /// Prometheus answers nothing when nothing happened, and that is 0 events at the time asked (`at`).
    static func instantSample(named name: String, from response: HTTPResponse, emptyIsZero: Bool = false,
                              at time: Date? = nil) -> Result<PrometheusSamples, PrometheusQueryError> {
        result(of: response).flatMap { result in
            switch result {
            case .scalar(let point):
                return .success(samples(named: name, [point]))
            case .vector(let series) where series.isEmpty && emptyIsZero:
                guard let time else { return .failure(.noSeries) }
                return .success(PrometheusSamples(samples: [MetricSample(name: name, value: 0, time: time)]))
            case .vector(let series):
                return only(series).flatMap { series in
                    guard let point = series.points.first, !series.hasHistogram else {
                        return .failure(.notASingleNumber("a native histogram"))
                    }
                    return .success(samples(named: name, [point]))
                }
            case .matrix:
                return .failure(.notASingleNumber("a range vector — drop the [range] or wrap it in a function such as rate()"))
            case .string:
                return .failure(.notASingleNumber("a string"))
            }
        }
    }

    /// A range query's answer as the metric's history, oldest first. No series is no history (not an error: the
    /// metric may be new); several are an error, as for an instant query. A point refused (NaN among them) is a
    /// gap, and counted.
    static func rangeSamples(named name: String, from response: HTTPResponse) -> Result<PrometheusSamples, PrometheusQueryError> {
        result(of: response).flatMap { result in
            switch result {
            case .matrix(let series), .vector(let series):
                if series.isEmpty { return .success(PrometheusSamples()) }
                return only(series).map { series in
                    var history = samples(named: name, series.points)
                    history.samples.sort { $0.time < $1.time }
                    return history
                }
            case .scalar(let point):
                return .success(samples(named: name, [point]))
            case .string:
                return .failure(.notASingleNumber("a string"))
            }
        }
    }

    /// The decoded result, or the error the answer carries: Prometheus's own first, then the HTTP status.
    static func result(of response: HTTPResponse) -> Result<PrometheusResult, PrometheusQueryError> {
        let decoded: PrometheusResponse
        do {
            decoded = try JSONDecoder().decode(PrometheusResponse.self, from: response.body)
        } catch {
            if !(200..<300).contains(response.status) { return .failure(.httpStatus(response.status, excerpt: response.excerpt)) }
            return .failure(.malformed(response.excerpt.isEmpty ? "empty body" : "starts \"\(response.excerpt)\""))
        }
        if decoded.status != "success" {
            return .failure(.prometheus(type: decoded.errorType ?? decoded.status, message: decoded.error ?? "no reason given"))
        }
        guard (200..<300).contains(response.status), let data = decoded.data else {
            return .failure(.httpStatus(response.status, excerpt: response.excerpt))
        }
        return .success(data)
    }

    private static func only(_ series: [PrometheusResult.Series]) -> Result<PrometheusResult.Series, PrometheusQueryError> {
        switch series.count {
        case 0: .failure(.noSeries)
        case 1: .success(series[0])
        default: .failure(.severalSeries(series.count, examples: series.prefix(2).map { PrometheusQueryError.labelSet($0.labels) }))
        }
    }

    /// The points through the sample door: values read as the text formats read them, each checked.
    private static func samples(named name: String, _ points: [PrometheusResult.Point]) -> PrometheusSamples {
        var found = PrometheusSamples()
        for point in points {
            do throws(MetricParseError) {
                guard let number = MetricNumber.value(point.text) else {
                    throw MetricParseError(message: "value of '\(name.excerpt())' \"\(point.text.excerpt())\" is not a number")
                }
                let value = try SampleCheck.value(number, of: name, column: nil)
                let time = try SampleCheck.time(Date(timeIntervalSince1970: point.time), written: "\(point.time)", column: nil)
                found.samples.append(MetricSample(name: name, value: value, time: time))
            } catch {
                found.refused.append(.init(point: "\(name.excerpt()) [\(point.time), \"\(point.text.excerpt())\"]", reason: error.description))
            }
        }
        return found
    }
}
