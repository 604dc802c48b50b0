import Foundation
import WarRoomCore

/// Writes a journal as newline-delimited JSON for streaming: a `header` line, one `event` line per entry,
/// then one `sample` line per stored window (docs/export-format.md).
public enum NDJSONExport {
    public static func render(plan: Plan, stored entries: [StoredEntry], samples: [SampleBucket]) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 300 + samples.count * 200)
        try ExportJSON.encoder().append(
            ExportHeader(release: plan.release, plan: plan, rollback: ExportedRollback(plan: plan, stored: entries),
                         communication: ExportedCommunication(plan: plan, stored: entries),
                         canary: ExportedCanary(plan: plan, stored: entries, end: samples.map(\.end).max()),
                         events: entries.count, samples: samples.count), to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        for lines in try Chunked.map(entries, { chunk in
            var lines: [UInt8] = []
            lines.reserveCapacity(chunk.count * 300)
            for stored in chunk {
                ExportedEvent.append(stored, type: "event", to: &lines)
                lines.append(UInt8(ascii: "\n"))
            }
            return lines
        }) {
            bytes += lines
        }
        for bucket in samples {
            ExportedSample.append(bucket, type: "sample", to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Entries not read from a journal, with the payloads the journal would store for them.
    public static func render(plan: Plan, entries: [JournalEntry], samples: [SampleBucket]) throws -> String {
        try render(plan: plan, stored: entries.map(StoredEntry.init), samples: samples)
    }
}
