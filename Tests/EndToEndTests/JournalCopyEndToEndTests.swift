import Foundation
import Testing
import WarRoomCore
import WarRoomJournal
import WarRoomTestSupport

/// `warroom journal copy` and `warroom journal list`, run as the real binary: the summary line, the exit status,
/// a destination for another release refused, and (with `WARROOM_TEST_POSTGRES`) a file onto the database and back.
struct JournalCopyEndToEndTests {
    let directory = TemporaryDirectory("journal-e2e")

    static func plan(release: String = "checkout-service", version: String = "2.14.0") -> Plan {
        Plan(release: ReleaseInfo(name: release, version: version, owner: "Dana Reyes", onCall: "Sam Okafor"),
             strategy: .canary, stages: [Stage(name: "All", traffic: 100, minDuration: 0, gateMetrics: [])],
             metrics: [], triggers: [], checklist: [])
    }

    /// A journal with `count` notes and one sample window, as a war room leaves it.
    func journal(_ name: String, plan: Plan = plan(), count: Int = 5) throws -> String {
        let path = directory.file(name)
        let journal = try Journal.open(path: path, plan: plan)
        let t0 = Date(timeIntervalSince1970: 1_795_356_000)
        try journal.append(contentsOf: (1...count).map {
            JournalEntry(time: t0.addingTimeInterval(Double($0)), actor: "dana", session: "s-1", event: .note(text: "note \($0)"))
        })
        try journal.append(samples: [SampleBucket(metric: "error_rate", start: t0, width: 10, count: 1, min: 0.4, max: 0.4,
                                                  sum: 0.4, last: 0.4)])
        return path
    }

    /// The binary's status and everything it printed.
    func warroom(_ arguments: [String]) throws -> (status: Int32, output: String) {
        do {
            return (0, try Tmux.run(Tmux.binary.path, arguments))
        } catch let failure as CommandFailure {
            return (failure.status, failure.output)
        }
    }

    @Test func aCopyPrintsWhatItStoredAndStoresNothingTwice() throws {
        let source = try journal("source.sqlite")
        let copy = directory.file("copy.sqlite")
        let first = try warroom(["journal", "copy", source, copy])
        #expect(first.status == 0)
        #expect(first.output == "copied 5 entries (0 already there) and 1 sample window from \(source) to \(copy)\n")
        let again = try warroom(["journal", "copy", source, copy])
        #expect(again.status == 0)
        #expect(again.output == "copied 0 entries (5 already there) and 1 sample window from \(source) to \(copy)\n")
        #expect(try Journal.openForReading(path: copy).entries() == Journal.openForReading(path: source).entries())

        let listed = try warroom(["journal", "list", copy])
        #expect(listed.status == 0)
        #expect(listed.output == "\(copy): a file holds one journal; this one is for checkout-service 2.14.0\n")
    }

    @Test func aDestinationForAnotherReleaseIsRefusedUntouched() throws {
        let source = try journal("source.sqlite")
        let other = try journal("other.sqlite", plan: Self.plan(release: "search", version: "1.0"), count: 2)
        let refused = try warroom(["journal", "copy", source, other])
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(other): this journal is for search 1.0; the one copied is for checkout-service 2.14.0"),
                "\(refused.output)")
        #expect(!refused.output.contains("--force"), "a copy has no --force: \(refused.output)")
        #expect(try Journal.openForReading(path: other).entries().count == 2)
    }

    @Test func aMissingSourceIsNamedAndNothingIsCreated() throws {
        let missing = directory.file("missing.sqlite"), copy = directory.file("copy.sqlite")
        let result = try warroom(["journal", "copy", missing, copy])
        #expect(result.status == 1)
        #expect(result.output.contains("\(missing): no such journal"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: copy))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["WARROOM_TEST_POSTGRES"] != nil,
                   "WARROOM_TEST_POSTGRES is not set (scripts/test starts a cluster)"))
    func aFileJournalOntoTheDatabaseAndBack() throws {
        let url = try #require(ProcessInfo.processInfo.environment["WARROOM_TEST_POSTGRES"])
        let redacted = try PostgresAddress(url: url, environment: [:]).redacted
        let password = try #require(try PostgresAddress(url: url, environment: [:]).password)
        let name = "e2e-\(UUID().uuidString.prefix(8).lowercased())"
        let source = try journal("source.sqlite")

        let onto = try warroom(["journal", "copy", source, url, "--name", name])
        #expect(onto.status == 0)
        #expect(onto.output == "copied 5 entries (0 already there) and 1 sample window from \(source) to \(redacted) (journal \(name))\n")
        #expect(!onto.output.contains(password), "never the password")
        #expect(try warroom(["journal", "copy", source, url, "--name", name]).output.hasPrefix("copied 0 entries (5 already there)"))

        let listed = try warroom(["journal", "list", url])
        #expect(listed.status == 0)
        #expect(listed.output.split(separator: "\n").contains(Substring(name)))

        let back = directory.file("back.sqlite")
        let off = try warroom(["journal", "copy", url, back, "--name", name])
        #expect(off.status == 0)
        #expect(off.output == "copied 5 entries (0 already there) and 1 sample window from \(redacted) (journal \(name)) to \(back)\n")
        #expect(try Journal.openForReading(path: back).entries() == Journal.openForReading(path: source).entries())

        let other = try journal("other.sqlite", plan: Self.plan(release: "search", version: "1.0"), count: 1)
        let refused = try warroom(["journal", "copy", other, url, "--name", name])
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(redacted) (journal \(name)): this journal is for checkout-service 2.14.0"), "\(refused.output)")
        #expect(!refused.output.contains(password))
        let missing = try warroom(["journal", "copy", url, back, "--name", "no-such-journal"])
        #expect(missing.status == 1)
        #expect(missing.output.contains("\(redacted): no journal named 'no-such-journal'"), "\(missing.output)")
    }
}
