import Foundation
import WarRoomCore

/// Writes a journal as one JSON document (docs/export-format.md): the release, the plan, how far a rollback got and
/// the communication (folded), every event at full fidelity and every stored sample window. One event or sample per
/// line, so the file greps and diffs.
public enum JSONExport {
    public static func render(plan: Plan, stored entries: [StoredEntry], samples: [SampleBucket]) throws -> String {
        let encoder = ExportJSON.encoder()
        var bytes = Array("{\"format\":\"\(ExportJSON.format)\",\"version\":\(ExportJSON.version),".utf8)
        JSONObjectText.appendString("generator", to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        JSONObjectText.appendString(ExportJSON.generator, to: &bytes)
        bytes += ",\n\"release\":".utf8
        bytes.reserveCapacity(entries.count * 300 + samples.count * 200)
        try encoder.append(plan.release, to: &bytes)
        bytes += ",\n\"plan\":".utf8
        try encoder.append(plan, to: &bytes)
        if let rollback = ExportedRollback(plan: plan, stored: entries) {
            bytes += ",\n\"rollback\":".utf8
            try encoder.append(rollback, to: &bytes)
        }
        if let communication = ExportedCommunication(plan: plan, stored: entries) {
            bytes += ",\n\"communication\":".utf8
            try encoder.append(communication, to: &bytes)
        }
        if let canary = ExportedCanary(plan: plan, stored: entries, end: samples.map(\.end).max()) {
            bytes += ",\n\"canary\":".utf8
            try encoder.append(canary, to: &bytes)
        }
        bytes += ",\n\"events\":[".utf8
        let chunks = try Chunked.map(entries) { chunk in
            var lines: [UInt8] = []
            lines.reserveCapacity(chunk.count * 300)
            for stored in chunk {
                lines += ",\n".utf8
                ExportedEvent.append(stored, to: &lines)
            }
            return lines
        }
        // Every chunk starts its lines with a separator; the first event's is a bare newline.
        for (index, lines) in chunks.enumerated() { bytes += index == 0 ? lines.dropFirst() : lines[...] }
        bytes += "\n],\n\"samples\":[".utf8
        for (index, bucket) in samples.enumerated() {
            bytes += (index == 0 ? "\n" : ",\n").utf8
            ExportedSample.append(bucket, to: &bytes)
        }
        bytes += "\n]}\n".utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Entries not read from a journal, with the payloads the journal would store for them.
    public static func render(plan: Plan, entries: [JournalEntry], samples: [SampleBucket]) throws -> String {
        try render(plan: plan, stored: entries.map(StoredEntry.init), samples: samples)
    }

    /// A JSON export read back, for tools and tests: the entries and samples exactly as the journal held them.
    public static func read(_ text: String) throws -> (plan: Plan, entries: [JournalEntry], samples: [SampleBucket]) {
        let document = try ExportJSON.decoder().decode(ExportDocument.self, from: Data(text.utf8))
        guard document.format == ExportJSON.format, document.version == ExportJSON.version else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription:
                "not a \(ExportJSON.format) version \(ExportJSON.version) document"))
        }
        return (document.plan, document.events.map(\.entry), document.samples.map(\.bucket))
    }
}
