import WarRoomCore

extension CommandOutcome {
    /// The exit status of a command that exited by itself; nil when it was killed, timed out or never ran.
    public var exitStatus: Int32? {
        if case .finished(.exited(let status), _, _) = self { status } else { nil }
    }

    /// What the journal keeps of a run: standard output, then standard error, then why it did not exit by itself
    /// if it did not; at most `limit` bytes, the end kept (where a failing command says why).
    public func journalText(limit: Int = 64 * 1024) -> String {
        var text = ""
        if case .finished(_, let output, let errorOutput) = self {
            text = String(decoding: output, as: UTF8.self)
            let errors = String(decoding: errorOutput, as: UTF8.self)
            if !errors.isEmpty { text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + errors }
        }
        if exitStatus == nil, let failure {
            text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + "[warroom: \(failure)]"
        }
        let bytes = Array(text.utf8)
        guard bytes.count > limit else { return text }
        var start = bytes.count - limit
        while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }  // not inside a character
        return "[warroom: the first \(start) bytes are not kept]\n" + String(decoding: bytes[start...], as: UTF8.self)
    }
}

extension CommandResult {
    public init(request: CommandRequest, outcome: CommandOutcome) {
        self.init(request: request, exitStatus: outcome.exitStatus, output: outcome.journalText())
    }
}
