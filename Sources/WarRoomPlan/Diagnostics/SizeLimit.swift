/// The most warroom reads of a plan, layout or Markdown plan, and how it refuses more. Real plans are a few
/// kilobytes; the limit keeps time and memory bounded whatever file is named (a log by mistake, a device).
public struct SizeLimit: Sendable, Hashable {
    public let bytes: Int
    /// What the limit applies to, as a message names it: "a plan or layout file".
    let subject: String

    /// Plans and layouts (YAML).
    public static let plan = SizeLimit(bytes: 1 << 20, subject: "a plan or layout file")
    /// Markdown plans given to `warroom import`.
    public static let markdown = SizeLimit(bytes: 1 << 20, subject: "a Markdown plan")

    /// The refusal, with the size when it is known (a pipe or a device has none).
    func diagnostic(file: String, size: Int?) -> Diagnostic {
        let written = size.map { "is \(Self.describe($0))" } ?? "holds more than \(Self.describe(bytes))"
        return Diagnostic(file: file, line: 0, column: 0, severity: .error,
                          message: "the file \(written); \(subject) may be at most \(Self.describe(bytes))",
                          hint: "check that this is the right file; a release plan is a few kilobytes, so keep long runbooks "
                              + "and logs in files of their own")
    }

    /// `1 MiB`, `30.0 MiB`, `512 KiB`, `900 bytes`.
    static func describe(_ bytes: Int) -> String {
        let units: [(size: Int, name: String)] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
        guard let unit = units.first(where: { bytes >= $0.size }) else { return "\(bytes) bytes" }
        if bytes % unit.size == 0 { return "\(bytes / unit.size) \(unit.name)" }
        let tenths = (bytes * 10 + unit.size / 2) / unit.size
        return "\(tenths / 10).\(tenths % 10) \(unit.name)"
    }
}
