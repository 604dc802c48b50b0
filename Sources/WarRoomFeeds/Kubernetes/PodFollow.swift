import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// One `kubectl logs -f --timestamps` of one pod, its lines handed to the feed's inbox as they stream, until the log
/// ends (the pod is gone, its container stopped), kubectl fails, or the task is cancelled (which kills it).
struct PodFollow: Sendable {
    let kubectl: KubectlProcess.Program
    let arguments: [String]
    let pod: String
    /// Lines a follow started again reads a second time, which it drops: those before the last line seen, and the
    /// lines at its very time already seen (the API server starts a `--since-time` at the whole second).
    let skipping: Resume?

    /// Where the last follow of a pod got to.
    struct Resume: Sendable, Hashable {
        var time: Date
        /// How many lines stamped exactly `time` were read.
        var linesAtTime: Int
    }

    /// The longest line kept whole; the rest of a longer one is dropped, so one giant line cannot hold the memory.
    static let maximumLineLength = 64 << 10

    /// kubectl under a watchdog in its process group, which kills the group once the war room's process is gone
    /// (quit, crashed, `kill -9`) or kubectl has ended: a follow streams for as long as its pod lives, and must never
    /// outlive the war room that reads it. The shell execs kubectl, so kubectl keeps the shell's pid (`$$`).
    static let watchdog = #"""
        watched=$1; shift
        ( while kill -0 "$watched" 2>/dev/null && kill -0 $$ 2>/dev/null; do sleep 1; done; kill -KILL 0 ) </dev/null >/dev/null 2>&1 &
        exec "$@"
        """#

    func run(into inbox: PodLogInbox) async {
        var splitter = LineSplitter(skipping: skipping)
        let watched = "\(ProcessInfo.processInfo.processIdentifier)"
        do {
            let result = try await Subprocess.run(
                .path(FilePath("/bin/sh")), arguments: Arguments(["-c", Self.watchdog, "sh", watched, kubectl.executable] + arguments),
                environment: kubectl.subprocessEnvironment, platformOptions: KubectlProcess.platformOptions, input: .none, output: .sequence,
                error: .bytes(limit: KubectlProcess.errorLimit)
            ) { execution in
                for try await buffer in execution.standardOutput {
                    let lines = buffer.withUnsafeBytes { splitter.take($0) }
                    if !lines.isEmpty { inbox.append(lines.map { PodLogInbox.Line(pod: pod, time: $0.time, text: $0.text) }) }
                }
            }
            if let last = splitter.finish() { inbox.append([PodLogInbox.Line(pod: pod, time: last.time, text: last.text)]) }
            guard !Task.isCancelled else { return }
            switch result.terminationStatus {
            case .exited(0):
                inbox.ended(pod, failure: nil)
            case .exited(127):
                // The shell could not exec it.
                inbox.ended(pod, failure: "pod \(pod.excerpt(80)): kubectl could not be run: \(kubectl.executable.excerpt(80)) is not installed or not on PATH")
            default:
                inbox.ended(pod, failure: "pod \(pod.excerpt(80)): \(KubectlFailure(errorOutput: result.standardError))")
            }
        } catch {
            guard !Task.isCancelled else { return }
            inbox.ended(pod, failure: "pod \(pod.excerpt(80)): kubectl could not be run: \("\(error)".excerpt(160))")
        }
    }

    /// Cuts the stream into lines, reads kubectl's timestamp off each, and drops what a follow started again reads twice.
    struct LineSplitter {
        private var partial: [UInt8] = []
        /// The rest of an overlong line is being passed over.
        private var overlong = false
        private var skipping: Resume?

        init(skipping: Resume?) { self.skipping = skipping }

        mutating func take(_ bytes: UnsafeRawBufferPointer) -> [(time: Date?, text: [UInt8])] {
            var lines: [(time: Date?, text: [UInt8])] = []
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                append(bytes[start..<index])
                if let line = complete() { lines.append(line) }
                start = index + 1
            }
            append(bytes[start..<bytes.count])
            return lines
        }

        /// The last line when the stream ended without a line break.
        mutating func finish() -> (time: Date?, text: [UInt8])? {
            partial.isEmpty ? nil : complete()
        }

        private mutating func append(_ bytes: Slice<UnsafeRawBufferPointer>) {
            guard !overlong else { return }
            let room = PodFollow.maximumLineLength - partial.count
            if bytes.count > room {
                partial += bytes.prefix(room)
                overlong = true
            } else {
                partial += bytes
            }
        }

        private mutating func complete() -> (time: Date?, text: [UInt8])? {
            defer { (partial, overlong) = ([], false) }
            if partial.last == 0x0D { partial.removeLast() }
            let line = PodFollow.split(partial)
            guard let time = line.time, var resume = skipping else { return line }
            if time < resume.time { return nil }
            if time == resume.time, resume.linesAtTime > 0 {
                resume.linesAtTime -= 1
                skipping = resume
                return nil
            }
            skipping = nil
            return line
        }
    }

    /// `2026-12-06T13:01:47.123456789Z message`: kubectl's time (RFC 3339 with nanoseconds) and the line after it;
    /// a line without one is kept whole, undated.
    static func split(_ line: [UInt8]) -> (time: Date?, text: [UInt8]) {
        line.withUnsafeBufferPointer { bytes in
            guard let (time, length) = Timestamp.prefix(of: bytes), length < bytes.count, bytes[length] == 0x20 else {
                return (nil, line)
            }
            return (time, Array(bytes[(length + 1)...]))
        }
    }
}
