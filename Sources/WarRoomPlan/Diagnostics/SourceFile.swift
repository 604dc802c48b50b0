import Foundation

/// Reads a plan, layout or Markdown file, turning a missing, unreadable, oversized or non-UTF-8 file into a
/// diagnostic like any other problem. At most one byte past the limit is ever read, so a huge file, a device or a pipe
/// that never ends costs no more than a file just over the limit.
enum SourceFile {
    static func read(_ path: String, limit: SizeLimit = .plan) -> Result<String, PlanLoadError> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            return failure(path, exists ? "cannot read the file (do you have permission to read it?)" : "no such file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit.bytes + 1) ?? Data()
        } catch {
            return failure(path, "cannot read the file (is it a file, and not a directory?)")
        }
        guard data.count <= limit.bytes else {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            return .failure(PlanLoadError(report: DiagnosticReport(
                file: path, source: "", diagnostics: [limit.diagnostic(file: path, size: size.flatMap { $0 > limit.bytes ? $0 : nil })])))
        }
        return decode(Array(data), file: path)
    }

    /// The text, or an error at the line and column of the first byte that is not UTF-8.
    static func decode(_ bytes: [UInt8], file: String) -> Result<String, PlanLoadError> {
        if let text = String(validating: bytes, as: UTF8.self) { return .success(text) }
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error: break parsing
            case .emptyInput: break parsing
            }
        }
        let diagnostic = Diagnostic(file: file, line: line, column: column, severity: .error,
                                    message: "the file is not UTF-8 text: the bytes here are in another encoding",
                                    hint: "save the file as UTF-8 (most editors offer it under 'Save with encoding')")
        // The text as far as it reads, so the line is echoed with the bad bytes as U+FFFD under the caret.
        let readable = String(decoding: bytes, as: UTF8.self)
        return .failure(PlanLoadError(report: DiagnosticReport(file: file, source: readable, diagnostics: [diagnostic])))
    }

    private static func failure(_ path: String, _ message: String) -> Result<String, PlanLoadError> {
        let diagnostic = Diagnostic(file: path, line: 0, column: 0, severity: .error, message: message)
        return .failure(PlanLoadError(report: DiagnosticReport(file: path, source: "", diagnostics: [diagnostic])))
    }
}
