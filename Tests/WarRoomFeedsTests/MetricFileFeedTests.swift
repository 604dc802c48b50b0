import Foundation
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomFeeds

@Suite struct MetricFileFeedTests {
    let dir = TemporaryDirectory()
    let now = Date(timeIntervalSince1970: 2_000)

    func samples(_ events: [Event]) -> [MetricSample] { events.compactMap { if case .sample(let s) = $0 { s } else { nil } } }
    func reports(_ events: [Event]) -> [SourceReport] { events.compactMap { if case .source(let r) = $0 { r } else { nil } } }

    @Test func reportsUseTheGivenSourceNameAndSayWhichFileIsMissing() {
        let path = dir.file("later.prom")
        var feed = MetricFileFeed(path: path, name: "node", format: .prometheus)
        #expect(feed.pollOnce(now: now) == [.source(SourceReport(source: "node", failure: "waiting for \(path) to appear"))])
        dir.append("up 1\n", to: "later.prom")
        #expect(feed.pollOnce(now: now) == [.sample(MetricSample(name: "up", value: 1, time: now)), .source(SourceReport(source: "node"))])
    }

    @Test func eachFormatIsReadAndRenamesApply() {
        let cases: [(MetricFormat, String)] = [
            (.json, #"{"time":1795356187,"errors":3,"rps":1180}"# + "\n"),
            (.prometheus, "# TYPE errors gauge\nerrors 3 1795356187000\nrps 1180 1795356187000\n"),
            (.csv, "time,errors,rps\n1795356187,3,1180\n"),
            (.plain, "# probe\nerrors 3 1795356187\nrps 1180 1795356187\n"),
        ]
        let at = Date(timeIntervalSince1970: 1_795_356_187)
        for (format, text) in cases {
            let name = "m.\(format.rawValue)"
            dir.append(text, to: name)
            var feed = MetricFileFeed(path: dir.file(name), name: "src", format: format, renames: ["errors": "error_count"])
            let events = feed.pollOnce(now: now)
            #expect(samples(events) == [MetricSample(name: "error_count", value: 3, time: at),
                                        MetricSample(name: "rps", value: 1180, time: at)], "\(format)")
            #expect(reports(events) == [SourceReport(source: "src")], "\(format)")
        }
    }

    @Test func aPlanSeriesPicksOneLabelledPrometheusSeries() {
        dir.append(#"http_requests_total{code="200",method="get"} 90"# + "\n" + #"http_requests_total{method="get",code="500"} 7"# + "\n",
                   to: "m.prom")
        var feed = MetricFileFeed(path: dir.file("m.prom"), format: .prometheus,
                                  renames: [#"http_requests_total{code="500",method="get"}"#: "server_errors"])
        let found = samples(feed.pollOnce(now: now))
        #expect(found.filter { $0.name == "server_errors" } == [MetricSample(name: "server_errors", value: 7, time: now)])
        #expect(found.filter { $0.name == "http_requests_total" }.map(\.value) == [90, 7], "the bare name gets every series")
    }

    @Test func malformedLinesAreCountedWithTheLastOne() {
        dir.append("time,x\n1795356185,1\n1795356186,oops\n1795356187,2,3\n1795356188,4\n", to: "m.csv")
        var feed = MetricFileFeed(path: dir.file("m.csv"), name: "csv", format: .csv)
        let events = feed.pollOnce(now: now)
        #expect(samples(events).map(\.value) == [1, 4])
        #expect(reports(events) == [SourceReport(source: "csv", malformedLines: 2,
                                                 lastMalformed: "column 14: expected 2 fields as in the header, found 3: 1795356187,2,3")])
    }

    @Test func csvFollowedFromItsEndStillKnowsItsHeader() {
        dir.append("time,error_rate\n1795356185,0.1\n1795356186,0.2\n", to: "m.csv")
        var feed = MetricFileFeed(path: dir.file("m.csv"), format: .csv, startAtEnd: true)
        #expect(samples(feed.pollOnce(now: now)) == [])
        dir.append("1795356187,0.3\n", to: "m.csv")
        let events = feed.pollOnce(now: now)
        #expect(samples(events) == [MetricSample(name: "error_rate", value: 0.3, time: Date(timeIntervalSince1970: 1_795_356_187))])
        #expect(reports(events) == [], "no malformed line: the header was not taken for data, nor data for a header")
    }

    @Test func csvHeaderIsReadAgainAfterTruncation() {
        dir.append("time,a\n1795356185,1\n", to: "m.csv")
        var feed = MetricFileFeed(path: dir.file("m.csv"), format: .csv)
        #expect(samples(feed.pollOnce(now: now)).map(\.name) == ["a"])
        dir.truncate("m.csv")
        dir.append("time,b,c\n1795356186,2,3\n", to: "m.csv")
        #expect(samples(feed.pollOnce(now: now)).map(\.name) == ["b", "c"])
    }
}
