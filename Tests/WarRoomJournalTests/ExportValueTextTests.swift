import Foundation
import Testing
import WarRoomCore
@testable import WarRoomJournal

/// The export's fast value text must read exactly as Core's `MetricUnit.format`, which the screen uses.
@Suite struct ValueTextTests {
    @Test func agreesWithCoreOnEveryKindOfValue() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.125, 0.375, 2.5, 0.5, 1.5, 9.95, 9.99, 10, 2.675, 1.005, -1.005, -0.004, 0.004,
                                3.1, 2.4, 1e9, 1e12, -1e12, .nan, .infinity, -.infinity, 1_741_082_400.25, 0.1 + 0.2]
        for _ in 0..<20_000 {
            let magnitude = pow(10, Double.random(in: -4...7, using: &generator))
            values.append(Double.random(in: -magnitude...magnitude, using: &generator))
            values.append((Double(Int.random(in: -100_000...100_000, using: &generator)) / 1000))
        }
        for unit in MetricUnit.allCases {
            for value in values {
                #expect(ValueText.format(value, unit) == unit.format(value), "\(value) in \(unit)")
            }
        }
    }
}
