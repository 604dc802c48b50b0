import Foundation

/// The JSON envelope of every Prometheus API answer: `status`, then `data` on success or `errorType` and `error`.
struct PrometheusResponse: Decodable, Sendable, Hashable {
    var status: String
    var errorType: String?
    var error: String?
    /// Present when `status` is `success`.
    var data: PrometheusResult?

    private enum CodingKeys: String, CodingKey { case status, errorType, error, data }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try container.decode(String.self, forKey: .status)
        errorType = try container.decodeIfPresent(String.self, forKey: .errorType)
        error = try container.decodeIfPresent(String.self, forKey: .error)
        // An error answer may carry partial data in any shape; only a success's data is read.
        data = status == "success" ? try container.decode(PrometheusResult.self, forKey: .data) : nil
    }
}
