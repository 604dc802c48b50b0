import Foundation
import WarRoomCore

extension Simulator {
    /// Error lines per grid slot for each percent of simulated error rate: 0.4% gives one every ~50s, 4% two a slot.
    static let errorLinesPerPercent = 0.5

    /// The log lines of one grid slot, in time order, strictly inside the slot (after its samples).
    func logLines(slot: Int) -> [LogLine] {
        let stream = Noise.hash("log")
        let routine = 2 + Int(noise.bits(stream, slot, 1) % 3)
        let expectedErrors = errorRatePercent(slot: slot) * Self.errorLinesPerPercent
        let errors = Int(expectedErrors) + (noise.unit(stream, slot, 2) < expectedErrors.truncatingRemainder(dividingBy: 1) ? 1 : 0)
        // Shuffle error lines among routine ones by a per-line random key.
        let kinds = (Array(repeating: false, count: routine) + Array(repeating: true, count: errors))
            .enumerated()
            .sorted { noise.bits(stream, slot, 100 + UInt64($0.offset)) < noise.bits(stream, slot, 100 + UInt64($1.offset)) }
            .map(\.element)
        let start = slotTime(slot)
        return kinds.enumerated().map { index, isError in
            let salt = 1000 + UInt64(index) * 16
            // Evenly spread with jitter: offsets stay in (0, interval) and increase with index.
            let offset = Self.sampleInterval * (Double(index) + 0.1 + 0.8 * noise.unit(stream, slot, salt)) / Double(kinds.count)
            let time = start.addingTimeInterval(offset)
            let (level, text) = isError ? errorLine(slot: slot, salt: salt) : routineLine(slot: slot, salt: salt)
            return LogLine(time: time, level: level, text: text, source: Self.source)
        }
    }

    /// The simulated error rate in percent: the plan's error metric when it has one, else a typical 0.4% → 4%.
    func errorRatePercent(slot: Int) -> Double {
        if let metric = metrics.first(where: { $0.unit == .percent && $0.name.lowercased().contains("error") }) {
            return max(value(of: metric, slot: slot), 0)
        }
        return 0.4 + 3.6 * regressionProgress(slot: slot)
    }

    private func routineLine(slot: Int, salt: UInt64) -> (LogLevel, String) {
        let stream = Noise.hash("routine")
        let roll = noise.unit(stream, slot, salt)
        let pick = Int(noise.bits(stream, slot, salt + 1) % 1009)
        let number = Int(noise.bits(stream, slot, salt + 2) % 10_000)
        if roll < 0.03 {
            let warnings = [
                "slow query orders.by_user took \(600 + number % 900)ms",
                "retrying payments-gw request (attempt 2/3)",
                "GC pause \(120 + number % 200)ms exceeded target",
                "rate limit near for client mobile-ios: \(90 + number % 10)% of quota",
            ]
            return (.warn, warnings[pick % warnings.count])
        }
        if roll < 0.15 {
            let debug = [
                "cache hit key=cart:\(String(number, radix: 16))",
                "db pool active=\(number % 20) idle=\(20 - number % 20)",
                "feature flag checkout_v2 evaluated: on",
                "session refreshed user=u\(number)",
            ]
            return (.debug, debug[pick % debug.count])
        }
        let routes = [
            ("GET", "/api/checkout", 200), ("POST", "/api/checkout", 201), ("GET", "/api/cart", 200),
            ("GET", "/api/products/\(number % 500)", 200), ("POST", "/api/payments/authorize", 200),
            ("GET", "/healthz", 200), ("GET", "/api/cart", 304), ("GET", "/api/products/\(number)", 404),
        ]
        let (method, path, status) = routes[pick % routes.count]
        // Latency rises with the regression so the lines agree with the metrics.
        let millis = 15 + number % 90 + Int(regressionProgress(slot: slot) * 400)
        return (.info, "\(method) \(path) \(status) \(millis)ms")
    }

    private func errorLine(slot: Int, salt: UInt64) -> (LogLevel, String) {
        let stream = Noise.hash("error")
        let pick = Int(noise.bits(stream, slot, salt) % 1009)
        let number = Int(noise.bits(stream, slot, salt + 1) % 100)
        let errors = [
            "upstream payments-gw timeout after 2000ms",
            "POST /api/checkout 502 \(2000 + number)ms",
            "payment authorization failed: upstream connect error (payments-gw:443)",
            "upstream payments-gw timeout after 2000ms",
        ]
        return (.error, errors[pick % errors.count])
    }
}
