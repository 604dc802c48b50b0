import Foundation
import WarRoomCore

/// Writes a journal as one JSON document (docs/export-format.md): the release, the plan, every event at
/// full fidelity and every stored sample window. One event or sample per line, so the file greps and diffs.
public enum JSONExport {
    public static func render(plan: Plan, entries: [JournalEntry], samples: [SampleBucket]) throws -> String {
        let encoder = ExportJSON.encoder()
        var text = "{\"format\":\"\(ExportJSON.format)\",\"version\":\(ExportJSON.version),\n\"release\":"
        text.reserveCapacity(entries.count * 256 + samples.count * 160)
        try encoder.append(plan.release, to: &text)
        text += ",\n\"plan\":"
        try encoder.append(plan, to: &text)
        text += ",\n\"events\":["
        let lines = try Chunked.map(entries) { chunk in
            let encoder = ExportJSON.encoder()
            var lines = ""
            for entry in chunk {
                lines += ",\n"
                try encoder.append(ExportedEvent(entry), to: &lines)
            }
            return lines
        }
        // Every chunk starts its lines with a separator; the first event's is a bare newline.
        text += lines.joined().dropFirst()
        text += "\n],\n\"samples\":["
        for (index, bucket) in samples.enumerated() {
            text += index == 0 ? "\n" : ",\n"
            try encoder.append(ExportedSample(bucket), to: &text)
        }
        text += "\n]}\n"
        return text
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
