import Foundation
import Testing
import WarRoomTestSupport
@testable import WarRoomPlan

/// Each bad plan in fixtures/plans/invalid renders exactly as its `.expected` file.
/// A missing golden is written from the current output and the test fails, so every baseline gets reviewed.
@Suite("Invalid plan goldens")
struct InvalidPlanGoldenTests {
    /// Every `.yaml` in the folder: a new bad plan is picked up (and its golden recorded) without editing this list.
    static var plans: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.path("fixtures/plans/invalid"))) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func coversEveryKindOfMistake() {
        #expect(Self.plans.count >= 10)
    }

    @Test(arguments: plans)
    func matchesGolden(_ name: String) throws {
        let relative = "fixtures/plans/invalid/\(name).yaml"
        let text = try Repository.text(relative)
        // The relative name keeps the golden independent of where the repository is checked out.
        // Secrets are checked against a fixed environment, so a variable set on this machine cannot change the golden.
        let result = PlanLoader.check(text: text, file: relative, environment: ["PROM_TOKEN": "set"])
        #expect(result.plan == nil, "an invalid fixture must not load")
        let rendered = result.report.description

        let golden = Repository.path("fixtures/plans/invalid/\(name).expected")
        guard let expected = try? String(contentsOfFile: golden, encoding: .utf8) else {
            try rendered.write(toFile: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded a new golden at \(golden); review it and run the tests again")
            return
        }
        #expect(rendered == expected)
    }
}
