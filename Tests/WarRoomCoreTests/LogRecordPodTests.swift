import Foundation
import Testing
@testable import WarRoomCore

/// A pod's lines keep their pod and cohort through the journal; a journal written before pod logs reads as before.
@Suite struct LogRecordPodTests {
    static let t0 = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func podAndCohortRoundTrip() throws {
        let record = LogRecord(source: "api", lines: [
            LogLine(time: Self.t0, level: .error, text: "boom", source: "api", pod: "checkout-7c9f6d4bb8-h5n2v", cohort: .canary),
            LogLine(time: Self.t0.addingTimeInterval(1), level: .info, text: "ok", source: "api", pod: "checkout-5d8c6b7a44-zz9kq"),
            LogLine(time: Self.t0.addingTimeInterval(2), level: .info, text: "file", source: "api"),
        ], lineCount: 3, errorCount: 1)
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(LogRecord.self, from: data) == record)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""boom","checkout-7c9f6d4bb8-h5n2v","canary"]"#))
        #expect(text.contains(#""ok","checkout-5d8c6b7a44-zz9kq",null]"#))
        // A file's line is written as it always was: three elements.
        #expect(text.contains(#""file"]"#))
    }

    @Test func anOlderJournalsLinesHaveNoPod() throws {
        let old = #"{"source":"app","lines":[[1796000000,4,"boom"]],"read":1,"errors":1}"#
        let record = try JSONDecoder().decode(LogRecord.self, from: Data(old.utf8))
        #expect(record.lines == [LogLine(time: Self.t0, level: .error, text: "boom", source: "app")])
        #expect(record.lines[0].pod == nil && record.lines[0].cohort == nil)
    }

    /// A cohort this version does not know (a later one's) is unknown, not an error.
    @Test func anUnknownCohortIsNil() throws {
        let later = #"{"source":"api","lines":[[1796000000,2,"hi","pod-a","baseline"]],"read":1,"errors":0}"#
        let record = try JSONDecoder().decode(LogRecord.self, from: Data(later.utf8))
        #expect(record.lines[0].pod == "pod-a")
        #expect(record.lines[0].cohort == nil)
    }

    /// A line kept in a checkpoint of the fold (LogLine's own coding) keeps them too, and an old one decodes.
    @Test func logLineCoding() throws {
        let line = LogLine(time: Self.t0, level: .warn, text: "slow", source: "api", pod: "p", cohort: .stable)
        #expect(try JSONDecoder().decode(LogLine.self, from: JSONEncoder().encode(line)) == line)
        let old = #"{"time":0,"level":3,"text":"slow","source":"api"}"#
        #expect(try JSONDecoder().decode(LogLine.self, from: Data(old.utf8)).pod == nil)
    }
}

/// A decision's evidence names the pod and cohort of each recent error line that came from a pod.
@Suite struct EvidencePodTests {
    @Test func recentErrorsSayWhosePodTheyCameFrom() throws {
        var plan = try Fixture.plan()
        plan.logs = [LogSpec(name: "api", source: .pods(PodSelector(selector: "app=checkout")))]
        var state = AppState(plan: plan, session: "s1", now: Fixture.t0)
        state.settle(.logs(LogBatch(LogLine(time: Fixture.t0, level: .error, text: "boom", source: "api",
                                            pod: "checkout-7c9f6d4bb8-h5n2v", cohort: .canary))))
        state.settle(.logs(LogBatch(LogLine(time: Fixture.t0, level: .error, text: "old", source: "api", pod: "checkout-1-a"))))
        state.settle(.logs(LogBatch(LogLine(time: Fixture.t0, level: .error, text: "file", source: "api"))))
        #expect(state.evidence().recentErrors == ["[canary checkout-7c9f6d4bb8-h5n2v] boom", "[? checkout-1-a] old", "file"])
    }
}
