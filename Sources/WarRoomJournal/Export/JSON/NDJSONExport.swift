import Foundation
import WarRoomCore

/// Writes a journal as newline-delimited JSON for streaming: a `header` line, one `event` line per entry,
/// then one `sample` line per stored window (docs/export-format.md).
public enum NDJSONExport {
    public static func render(plan: Plan, entries: [JournalEntry], samples: [SampleBucket]) throws -> String {
        let encoder = ExportJSON.encoder()
        var text = ""
        text.reserveCapacity(entries.count * 256 + samples.count * 160)
        try encoder.append(ExportHeader(release: plan.release, plan: plan, events: entries.count, samples: samples.count),
                           to: &text)
        text += "\n"
        for lines in try Chunked.map(entries, { chunk in
            let encoder = ExportJSON.encoder()
            var lines = ""
            for entry in chunk {
                try encoder.append(ExportedEvent(entry, type: "event"), to: &lines)
                lines += "\n"
            }
            return lines
        }) {
            text += lines
        }
        for bucket in samples {
            try encoder.append(ExportedSample(bucket, type: "sample"), to: &text)
            text += "\n"
        }
        return text
    }
}
