import Foundation
import WarRoomCore

/// Turns a team's Markdown release plan (the templates in seeds/) into plan YAML, reporting what it took,
/// what it could not place, and every placeholder left unfilled — it never invents a value.
public enum MarkdownImporter {
    /// Reads and converts the Markdown plan at `path`; a file that cannot be read, is over `SizeLimit.markdown`
    /// or is not UTF-8 is refused with a diagnostic naming it (and the line and column of a bad byte).
    public static func convert(path: String) throws(PlanLoadError) -> ImportResult {
        switch SourceFile.read(path, limit: .markdown) {
        case .success(let text): convert(markdown: text, file: path)
        case .failure(let error): throw error
        }
    }

    /// The YAML holds only inert text: a control character from the Markdown is written as its picture (`␛`), so
    /// what is written always loads, and neither the YAML nor the report can act on a terminal.
    public static func convert(markdown: String, file: String) -> ImportResult {
        let size = markdown.utf8.count
        guard size <= SizeLimit.markdown.bytes else { return refusal(file: file, size: size) }
        let blocks = MarkdownParser.parse(SourceLine.lines(of: markdown))
        var builder = ImportBuilder(file: file, blocks: blocks)

        // Order matters: triggers read metrics and health checks, rollback owners name stages.
        let release = builder.release()
        let metrics = builder.metricsSection()
        let health = builder.healthChecksSection()
        let stages = builder.stagesSection()
        let strategy = builder.strategySection(traffic: stages.traffic)
        let triggers = builder.triggersSection()
        let decisions = builder.decisionPointsSection()
        let rollback = builder.rollbackSection()
        let communication = builder.communicationSection()
        let risks = builder.risksSection()
        let flags = builder.featureFlagsSection()
        let flag = builder.flagSection(strategy: strategy.value, wording: strategy.wording, flags: flags.names)
        let approvals = builder.approvalsSection()
        let checklist = builder.checklistSection()
        builder.reportLeftovers()

        let name = file.split(separator: "/").last.map(String.init) ?? file
        var lines = ["# Imported by `warroom import` from \(name); check it, then `warroom validate`."]
        for section in [release, strategy.lines + flag, stages.lines, metrics, health, triggers, rollback, checklist,
                        decisions, communication, risks, flags.lines, approvals] where !section.isEmpty {
            lines.append("")
            lines += section
        }
        // Each line made inert after its scalars were quoted: a control becomes printable text that is no YAML
        // indicator, so a scalar judged safe to write plain stays safe, and a comment cannot be broken out of.
        let yaml = lines.map(InertText.line).joined(separator: "\n") + "\n"
        let inOrder: (ImportNote, ImportNote) -> Bool = { ($0.line, $0.column) < ($1.line, $1.column) }
        return ImportResult(yaml: yaml, mapped: builder.mapped, unmapped: builder.unmapped.sorted(by: inOrder),
                            placeholders: placeholders(in: blocks, file: file), assumptions: builder.assumptions.sorted(by: inOrder))
    }

    /// A file over the limit is not read: the YAML says why, and so does the report.
    private static func refusal(file: String, size: Int) -> ImportResult {
        let diagnostic = SizeLimit.markdown.diagnostic(file: file, size: size)
        let note = ImportNote(file: file, line: 1, column: 1, message: diagnostic.message + "; not imported")
        return ImportResult(yaml: "# Not imported: " + InertText.line(diagnostic.message) + "\n", mapped: [],
                            unmapped: [note], placeholders: [])
    }

    /// Every placeholder in headings, text, items and table cells, in file order.
    private static func placeholders(in blocks: [MarkdownBlock], file: String) -> [ImportNote] {
        var notes: [ImportNote] = []
        func scan(_ text: String, line: Int, column: Int, context: String) {
            for found in Placeholder.find(in: text) {
                let shown = found.text.count > 48 ? String(found.text.prefix(45)) + "…" : found.text
                let what = found.isExample ? "example text \"\(shown)\" is not a value" : "placeholder \"\(shown)\" never filled in"
                let place = context.isEmpty ? "" : " (under \"\(context)\")"
                notes.append(ImportNote(file: file, line: line, column: column + found.offset, message: what + place))
            }
        }
        for block in blocks {
            if let table = block.table {
                for cell in (table.rows + [table.header]).joined() {
                    scan(cell.text, line: cell.line, column: cell.column, context: block.context)
                }
            } else {
                scan(block.text, line: block.line, column: block.column, context: block.context)
            }
        }
        return notes.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }
}
