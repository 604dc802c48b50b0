import Foundation
import WarRoomCore

/// The formats `warroom export` writes (docs/export-format.md), each rendered from a journal the one way the
/// command and the benchmark both use.
public enum ExportFormat: String, CaseIterable, Sendable {
    case markdown, json, ndjson, html

    /// The export of `journal`. The JSON formats write each payload as stored; the post-mortems need the events decoded.
    public func render(_ journal: any JournalStore) throws -> String {
        let plan = try journal.storedPlan(), samples = try journal.samples()
        return switch self {
        case .markdown: MarkdownExport.render(plan: plan, entries: try journal.entries(), samples: samples)
        // The same JSON, with C1 and bidi controls escaped so that printing it to a terminal is harmless.
        case .json: InertText.json(try JSONExport.render(plan: plan, stored: try journal.storedEntries(), samples: samples))
        case .ndjson: InertText.json(try NDJSONExport.render(plan: plan, stored: try journal.storedEntries(), samples: samples))
        case .html: HTMLExport.render(plan: plan, entries: try journal.entries(), samples: samples)
        }
    }
}
