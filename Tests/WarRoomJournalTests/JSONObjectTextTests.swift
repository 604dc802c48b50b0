import Foundation
import GRDB
import Testing
import WarRoomTestSupport
import WarRoomCore
@testable import WarRoomJournal

/// The hand-written event and sample lines are the encoder's bytes exactly, and a stored payload is written
/// as the journal holds it, on one line.
@Suite struct JSONObjectTextTests {
    /// Every control byte, the characters JSON escapes, a slash (left alone), DEL and non-ASCII text.
    static let awkward = String(decoding: (0..<0x20).map(UInt8.init), as: UTF8.self)
        + "\"quoted\" back\\slash a/b \u{7F} ✓ é 😀 \u{2028}"

    static func reference<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try ExportJSON.encoder().encode(value), as: UTF8.self)
    }

    static func event(_ stored: StoredEntry, type: String? = nil) -> String {
        var bytes: [UInt8] = []
        ExportedEvent.append(stored, type: type, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func sample(_ bucket: SampleBucket, type: String? = nil) -> String {
        var bytes: [UInt8] = []
        ExportedSample.append(bucket, type: type, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [nil, "event"])
    func anEventLineIsTheEncodersBytes(type: String?) throws {
        let entries = JSONExportTests.entries + [
            JournalEntry(seq: Int64.max, time: Date(timeIntervalSince1970: -1.5), actor: Self.awkward,
                         session: Self.awkward, event: .note(text: Self.awkward)),
            JournalEntry(seq: 3, time: Date(timeIntervalSince1970: 1_741_084_800.000_001), actor: "", session: "s",
                         event: .triggerPending(trigger: Self.awkward, value: 1e-7)),
        ]
        for entry in entries {
            let stored = try StoredEntry(entry)
            #expect(Self.event(stored, type: type) == (try Self.reference(ExportedEvent(entry, type: type))))
        }
    }

    @Test(arguments: [nil, "sample"])
    func aSampleLineIsTheEncodersBytes(type: String?) throws {
        let numbers: [Double] = [0, -0.0, 1, -1, 0.1 + 0.2, 1e-7, 123_456_789.125, 1e21, 1e300, 5e-324,
                                 .nan, .infinity, -.infinity, Double(Int64.max), 0.000_1]
        var buckets = Fixtures.samples
        for (index, number) in numbers.enumerated() {
            buckets.append(SampleBucket(metric: index == 0 ? Self.awkward : "m", start: Date(timeIntervalSince1970: number.isFinite ? number : 0),
                                        width: 10, count: index, min: number, max: -number, sum: number * 3, last: number))
        }
        for bucket in buckets {
            #expect(Self.sample(bucket, type: type) == (try Self.reference(ExportedSample(bucket, type: type))))
        }
    }

    @Test func aStoredPayloadIsWrittenAsTheJournalHoldsIt() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("journal.sqlite")
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        try journal.append(contentsOf: Fixtures.session.prefix(3).map { var entry = $0; entry.seq = 0; return entry })
        // Valid for the decoder, but not as warroom writes it: spaces, and a key order of its own.
        let spaced = #"{ "note" : { "text" : "spaced" } }"#
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE events SET payload = ? WHERE seq = 2", arguments: [spaced])
        }
        let stored = try journal.storedEntries()
        #expect(stored.map(\.entry) == (try journal.entries()))
        #expect(stored[1].payload == spaced)
        #expect(stored[1].entry.event == .note(text: "spaced"))
        #expect(stored[0].payload == (try StoredEntry(stored[0].entry).payload), "warroom's own payload, as it wrote it")
        #expect(Self.event(stored[1]).contains(#","payload":{ "note" : { "text" : "spaced" } },"#))
    }

    @Test func aPayloadOverSeveralLinesIsWrittenAgainOnOne() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("journal.sqlite")
        let journal = try Journal.open(path: path, plan: Fixtures.plan)
        try journal.append(contentsOf: Fixtures.session.prefix(3).map { var entry = $0; entry.seq = 0; return entry })
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE events SET payload = ? WHERE seq = 2", arguments: ["{\"note\":\r\n{\"text\":\"two\\nlines\"}}"])
        }
        // A byte-order mark, which the decoder skips but a JSON document cannot hold in the middle.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE events SET payload = CAST(? AS BLOB) WHERE seq = 3",
                           arguments: [Data([0xEF, 0xBB, 0xBF]) + Data(#"{"note":{"text":"marked"}}"#.utf8)])
        }
        let stored = try journal.storedEntries()
        #expect(stored[1].payload == #"{"note":{"text":"two\nlines"}}"#)
        #expect(stored[2].payload == #"{"note":{"text":"marked"}}"#)
        #expect(try JSONExport.read(try JSONExport.render(plan: Fixtures.plan, stored: stored, samples: [])).entries
                == stored.map(\.entry))
        let text = try NDJSONExport.render(plan: Fixtures.plan, stored: stored, samples: [])
        #expect(text.split(separator: "\n").count == 1 + 3)
    }
}
