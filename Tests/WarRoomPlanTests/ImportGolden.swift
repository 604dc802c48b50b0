import Foundation
import Testing

/// Golden-file comparison for the importer: a missing golden is written and the test fails, so it gets reviewed.
enum ImportGolden {
    static func compare(_ actual: String, golden relative: String) throws {
        let path = Fixtures.path(relative)
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            Issue.record("recorded a new golden at \(relative); review it and run the tests again")
            return
        }
        #expect(actual == expected, "\(relative) differs from the output")
    }
}
