import Foundation
import Testing
import WarRoomCore
@testable import WarRoomJournal

/// The JSON document and NDJSON stream: full fidelity, untrusted text escaped, and readable back exactly.
@Suite struct JSONExportTests {
    /// The fixture session plus entries that stress the encoding: a fractional time, hostile text, control bytes.
    static var entries: [JournalEntry] {
        var entries = Fixtures.sessionWithCommand
        entries.append(JournalEntry(seq: Int64(entries.count + 1), time: Date(timeIntervalSince1970: 1_741_084_800.123456), actor: "mal\"lory",
                                    session: "s-2", event: .note(text: "<script>alert(1)</script> \"quoted\" \\ \u{1B}[2J\nline ✓")))
        return entries
    }

    func object(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func documentRoundTripsToTheJournalEntries() throws {
        let text = try JSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Fixtures.samples)
        let back = try JSONExport.read(text)
        #expect(back.entries == Self.entries)
        #expect(back.samples == Fixtures.samples)
        #expect(back.plan == Fixtures.plan)
    }

    @Test func documentFieldsAreTheDocumentedOnes() throws {
        let text = try JSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Fixtures.samples)
        #expect(text.hasPrefix("{\"format\":\"warroom-export\",\"version\":1,\"generator\":\"warroom \(WarroomVersion.current)\",\n\"release\":{"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(document.keys) == ["format", "version", "generator", "release", "plan", "rollback", "events", "samples"])
        #expect((document["release"] as? [String: Any])?["name"] as? String == "checkout-service")
        let events = try #require(document["events"] as? [[String: Any]])
        #expect(events.count == Self.entries.count)
        let decision = try #require(events.first { $0["kind"] as? String == "decision_recorded" })
        #expect(Set(decision.keys) == ["seq", "time", "unix", "actor", "session", "kind", "payload"])
        #expect(decision["time"] as? String == "2025-03-04T10:15:00.000Z")
        #expect(decision["unix"] as? Double == 1_741_083_300)
        let payload = try #require((decision["payload"] as? [String: Any])?["decisionRecorded"] as? [String: Any])
        let record = try #require(payload["_0"] as? [String: Any])
        #expect(record["verdict"] as? String == "go")
        #expect(((record["evidence"] as? [String: Any])?["gateReasons"] as? [String]) == ["p99_latency: no data"])
        let last = try #require(events.last)
        #expect(last["time"] as? String == "2025-03-04T10:40:00.123Z")
        #expect(last["unix"] as? Double == 1_741_084_800.123456)
        let sample = try #require((document["samples"] as? [[String: Any]])?.first)
        #expect(Set(sample.keys) == ["metric", "start", "unix", "width", "count", "min", "max", "sum", "last", "mean"])
    }

    /// How far the rollback got, folded by Core's rules: step 1's command ran (exit 0), step 2 was marked done by
    /// hand by dana (step 3's mark was taken back), and the same as a fold of the whole journal says.
    @Test func theRollbackSaysHowFarItsStepsGot() throws {
        let text = try JSONExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: [])
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("\"rollback\":") })
        #expect(line == #""rollback":{"at":1741084300,"by":"dana","fromStage":"Canary 25%","reason":"error rate above 2%","#
            + #""steps":[{"command":"kubectl rollout undo deploy/checkout","done":true,"runs":[{"at":1741084320,"by":"sam","exitStatus":0}],"step":0,"#
            + #""text":"Undo the checkout deployment"},{"done":true,"doneByHand":{"at":1741084380,"by":"dana"},"runs":[],"step":1,"text":"Post in #release"},"#
            + #"{"done":false,"runs":[],"step":2,"text":"Check the *old* pods serve"}],"stepsDone":2},"#)

        let whole = PostMortem(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand).rollbackOutcomes
        let summary = try #require(ExportedRollback(plan: Fixtures.plan, stored: Fixtures.sessionWithCommand.map(StoredEntry.init)))
        #expect(summary.steps.map(\.done) == whole.map(\.done) && summary.steps.map(\.runs.count) == whole.map(\.runs.count),
                "folding only the entries that concern the rollback agrees with folding them all")

        let header = try object(try #require(try NDJSONExport.render(plan: Fixtures.plan, entries: Fixtures.sessionWithCommand, samples: [])
            .split(separator: "\n").first))
        #expect((header["rollback"] as? [String: Any])?["stepsDone"] as? Int == 2)
        let unrolled = try JSONExport.render(plan: Fixtures.plan, entries: Array(Fixtures.session.prefix(8)), samples: [])
        #expect(!unrolled.contains("\n\"rollback\":"), "no rollback, no key")
    }

    @Test func payloadIsTheJournalsOwnJSON() throws {
        let text = try JSONExport.render(plan: Fixtures.plan, entries: Fixtures.session, samples: [])
        let line = try #require(text.split(separator: "\n").first { $0.contains("\"kind\":\"release_started\"") })
        #expect(line.contains("\"payload\":{\"releaseStarted\":{\"t0\":1741082400}}"))
    }

    @Test func hostileTextIsEscaped() throws {
        let text = try JSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: [])
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
        #expect(text.contains(#""actor":"mal\"lory""#))
        #expect(text.contains(#"\"quoted\" \\ \u001b[2J\nline ✓"#))
        #expect(text.split(separator: "\n").count == 5 + Self.entries.count + 3, "one line per event, none broken by a note")
    }

    @Test func ndjsonIsAHeaderThenEventsThenSamples() throws {
        let text = try NDJSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Fixtures.samples)
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 1 + Self.entries.count + Fixtures.samples.count)
        let objects = try lines.map(object)
        #expect(objects.map { $0["type"] as? String } ==
                ["header"] + Array(repeating: "event", count: Self.entries.count) + Array(repeating: "sample", count: Fixtures.samples.count))
        let header = objects[0]
        #expect(header["format"] as? String == "warroom-export" && header["version"] as? Int == 1)
        #expect(header["generator"] as? String == "warroom \(WarroomVersion.current)", "which warroom wrote it")
        #expect(header["events"] as? Int == Self.entries.count && header["samples"] as? Int == Fixtures.samples.count)
        #expect(header["plan"] is [String: Any] && header["release"] is [String: Any])
        let decoder = ExportJSON.decoder()
        let events = try lines.dropFirst().prefix(Self.entries.count).map {
            try decoder.decode(ExportedEvent.self, from: Data($0.utf8))
        }
        #expect(events.map(\.entry) == Self.entries)
        #expect(events.allSatisfy { $0.type == "event" })
        let samples = try lines.suffix(Fixtures.samples.count).map { try decoder.decode(ExportedSample.self, from: Data($0.utf8)) }
        #expect(samples.map(\.bucket) == Fixtures.samples)
        #expect(samples.first?.mean == Fixtures.samples.first?.mean)
    }

    @Test func exportsAreDeterministic() throws {
        #expect(try JSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Fixtures.samples)
                == JSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Fixtures.samples))
        #expect(try NDJSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Fixtures.samples)
                == NDJSONExport.render(plan: Fixtures.plan, entries: Self.entries, samples: Fixtures.samples))
    }

    @Test func anEmptyJournalIsStillADocument() throws {
        let back = try JSONExport.read(try JSONExport.render(plan: Fixtures.plan, entries: [], samples: []))
        #expect(back.entries.isEmpty && back.samples.isEmpty)
        #expect(try NDJSONExport.render(plan: Fixtures.plan, entries: [], samples: []).split(separator: "\n").count == 1)
    }
}
