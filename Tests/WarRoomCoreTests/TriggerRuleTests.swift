import Testing
@testable import WarRoomCore

@Suite struct TriggerRuleTests {
    @Test func parsesSustainedThreshold() throws {
        let rule = try TriggerRule(parsing: "error_rate > 2% for 5m")
        #expect(rule.condition == .compare(metric: "error_rate", comparison: .above, threshold: .value(2, unit: .percent), window: 300))
    }

    @Test func parsesWithoutSpacesAroundOperator() throws {
        let rule = try TriggerRule(parsing: "p99_latency>=400ms for 10m")
        #expect(rule.condition == .compare(metric: "p99_latency", comparison: .atLeast, threshold: .value(400, unit: .milliseconds), window: 600))
    }

    @Test func parsesBaselineMultipleAndConsecutive() throws {
        #expect(try TriggerRule(parsing: "error_rate > 2x baseline for 15m").condition
            == .compare(metric: "error_rate", comparison: .above, threshold: .timesBaseline(2), window: 900))
        #expect(try TriggerRule(parsing: "health fails 3 consecutive").condition == .consecutiveFailures(check: "health", count: 3))
        #expect(try TriggerRule(parsing: "error_rate > 5%").window == 0)
    }

    @Test(arguments: [
        ("error_rate >> 2%", 12, "expected a comparison"),
        ("error_rate > 2furlongs for 5m", 15, "unknown unit 'furlongs'"),
        ("error_rate > 2% for soon", 21, "expected a duration"),
        ("error_rate > 2% for", 20, "at end of rule"),
        ("error_rate > 2x median", 17, "expected 'baseline'"),
        ("error_rate > 2% for 5m please", 24, "unexpected 'please'"),
        ("health fails three consecutive", 14, "whole number"),
    ])
    func reportsColumn(_ text: String, _ column: Int, _ message: String) {
        #expect {
            _ = try TriggerRule(parsing: text)
        } throws: { error in
            guard let error = error as? RuleSyntaxError else { return false }
            return error.column == column && error.message.contains(message)
        }
    }
}
