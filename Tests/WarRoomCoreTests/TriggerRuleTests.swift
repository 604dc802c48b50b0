import Foundation
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

    @Test func parsesBaselineOffsets() throws {
        let drop = try TriggerRule(parsing: "conversion < baseline - 10% within 1h")
        #expect(drop.condition == .compare(metric: "conversion", comparison: .below, threshold: .baselineOffset(percent: -10), window: 0))
        #expect(drop.armedFor == 3600)
        #expect(try TriggerRule(parsing: "latency > baseline + 25%").condition
            == .compare(metric: "latency", comparison: .above, threshold: .baselineOffset(percent: 25), window: 0))
        #expect(try TriggerRule(parsing: "latency > baseline for 5m").condition
            == .compare(metric: "latency", comparison: .above, threshold: .baselineOffset(percent: 0), window: 300))
    }

    @Test func parsesWithinAfterFor() throws {
        let rule = try TriggerRule(parsing: "error_rate > 2% for 5m within 1h30m")
        #expect(rule.window == 300)
        #expect(rule.armedFor == 5400)
        #expect(rule.aggregate == nil)
        #expect(try TriggerRule(parsing: "error_rate > 2%").armedFor == nil)
    }

    @Test(arguments: [
        ("avg(error_rate, 5m) > 1%", TriggerRule.Aggregate.Function.avg, 300.0),
        ("min( conversion , 10m ) < 2%", .min, 600),
        ("max(error_rate,30s) >= 3", .max, 30),
        ("p95(p99_latency, 1h) > 400ms", .p95, 3600),
    ])
    func parsesAggregates(_ text: String, _ function: TriggerRule.Aggregate.Function, _ window: TimeInterval) throws {
        let rule = try TriggerRule(parsing: text)
        #expect(rule.aggregate == TriggerRule.Aggregate(function, over: window))
        #expect(rule.window == 0)
        #expect(rule.text == text)
    }

    @Test func aggregateReadsItsInnerMetricAndTakesForAndWithin() throws {
        let rule = try TriggerRule(parsing: "avg(error_rate, 5m) > 1% for 2m within 4h")
        #expect(rule.metric == "error_rate")
        #expect(rule.condition == .compare(metric: "error_rate", comparison: .above, threshold: .value(1, unit: .percent), window: 120))
        #expect(rule.aggregate == TriggerRule.Aggregate(.avg, over: 300))
        #expect(rule.armedFor == 14400)
    }

    /// Health checks arrive as the 0/1 metric `health.<name>`; the rule keeps the prefix so it matches those samples.
    @Test func healthCheckKeepsItsPrefix() throws {
        let rule = try TriggerRule(parsing: "health.ready fails 3 consecutive within 2h")
        #expect(rule.condition == .consecutiveFailures(check: "health.ready", count: 3))
        #expect(rule.metric == "health.ready")
        #expect(rule.armedFor == 7200)
    }

    @Test(arguments: [
        ("error_rate >> 2%", 12, "expected a comparison"),
        ("error_rate > 2furlongs for 5m", 15, "unknown unit 'furlongs'"),
        ("error_rate > 2% for soon", 21, "expected a duration"),
        ("error_rate > 2% for", 20, "at end of rule"),
        ("error_rate > 2x 50", 17, "expected 'baseline' or a metric name after '2x', found '50'"),
        ("error_rate > 2% for 5m please", 24, "unexpected 'please'"),
        ("health fails three consecutive", 14, "whole number"),
        ("avg(error_rate 5m) > 1%", 16, "expected ','"),
        ("avg(error_rate, 5) > 1%", 17, "expected a duration such as 30s, 5m or 1h, found '5'"),
        ("avg(error_rate, 5m > 1%", 20, "expected ')'"),
        ("avg(, 5m) > 1%", 5, "expected a metric name"),
        ("median(x, 5m) > 1", 1, "unknown aggregate 'median'; expected avg, min, max, p95 or p99"),
        ("conversion < baseline - 10 within 1h", 25, "expected a percentage such as 10%"),
        ("conversion < baseline -", 24, "expected a percentage such as 10% at end of rule"),
        ("error_rate > 2% within", 23, "expected a duration such as 5m after 'within' at end of rule"),
        ("error_rate > 2% within soon", 24, "expected a duration"),
        ("error_rate > 2% within 1h for 5m", 27, "'for' must come before 'within'"),
        ("error_rate > 2% for 5m within 1h now", 34, "unexpected 'now'"),
        ("avg(error_rate, 5m) > 1% ) ", 26, "unexpected ')'"),
        ("health.ready fails 3 consecutive for 5m", 34, "unexpected 'for'"),
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
