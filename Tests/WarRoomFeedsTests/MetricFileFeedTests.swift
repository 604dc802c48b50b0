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
            (.json, #"{"time":1000,"errors":3,"rps":1180}"# + "\n"),
            (.prometheus, "# TYPE errors gauge\nerrors 3 1000000\nrps 1180 1000000\n"),
            (.csv, "time,errors,rps\n1000,3,1180\n"),
            (.plain, "# probe\nerrors 3 1000\nrps 1180 1000\n"),
        ]
        let at = Date(timeIntervalSince1970: 1000)
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
        dir.append("time,x\n5,1\n6,oops\n7,2,3\n8,4\n", to: "m.csv")
        var feed = MetricFileFeed(path: dir.file("m.csv"), name: "csv", format: .csv)
        let events = feed.pollOnce(now: now)
        #expect(samples(events).map(\.value) == [1, 4])
        #expect(reports(events) == [SourceReport(source: "csv", malformedLines: 2,
                                                 lastMalformed: "column 5: expected 2 fields as in the header, found 3: 7,2,3")])
    }

    @Test func csvFollowedFromItsEndStillKnowsItsHeader() {
        dir.append("time,error_rate\n5,0.1\n6,0.2\n", to: "m.csv")
        var feed = MetricFileFeed(path: dir.file("m.csv"), format: .csv, startAtEnd: true)
        #expect(samples(feed.pollOnce(now: now)) == [])
        dir.append("7,0.3\n", to: "m.csv")
        let events = feed.pollOnce(now: now)
        #expect(samples(events) == [MetricSample(name: "error_rate", value: 0.3, time: Date(timeIntervalSince1970: 7))])
        #expect(reports(events) == [], "no malformed line: the header was not taken for data, nor data for a header")
    }

    @Test func csvHeaderIsReadAgainAfterTruncation() {
        dir.append("time,a\n5,1\n", to: "m.csv")
        var feed = MetricFileFeed(path: dir.file("m.csv"), format: .csv)
        #expect(samples(feed.pollOnce(now: now)).map(\.name) == ["a"])
        dir.truncate("m.csv")
        dir.append("time,b,c\n6,2,3\n", to: "m.csv")
        #expect(samples(feed.pollOnce(now: now)).map(\.name) == ["b", "c"])
    }
}
