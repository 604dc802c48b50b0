import Foundation
import Testing

/// A seeded mutation fuzzer for one parser. It runs every input of a committed corpus, then a fixed number of
/// mutations of them (so a seed replays the same inputs), each under a time limit: a crash fails the run, a
/// hang is recorded with the input saved beside the corpus as `hang-*`, and so is a broken property (the body
/// throws a ``FuzzFinding``) as `finding-*`, ready to be committed once fixed.
///
/// WARROOM_SEED repeats a run; WARROOM_FUZZ_ITERATIONS runs longer than CI's budget.
public struct Fuzzer {
    public let name: String
    public let corpus: [[UInt8]]
    public var iterations: Int
    public var timeLimit: Duration
    /// Tokens a mutation may insert: what the format's own syntax and its extremes are made of.
    public var dictionary: [String]

    /// The corpus in `fixtures/fuzz/<name>/`, one input per file.
    public init(_ name: String, iterations: Int = 2_000, timeLimit: Duration = .seconds(2), dictionary: [String] = []) {
        self.name = name
        let directory = Repository.path("fixtures/fuzz/" + name)
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        corpus = files.compactMap { FileManager.default.contents(atPath: directory + "/" + $0).map(Array.init) }
        let override = ProcessInfo.processInfo.environment["WARROOM_FUZZ_ITERATIONS"].flatMap { Int($0) }
        self.iterations = override ?? iterations
        self.timeLimit = timeLimit
        self.dictionary = dictionary + Self.extremes
    }

    /// Runs `body` on every input; returns how many ran. `body` may throw (bad input is expected); it must not
    /// trap or hang, and throws a ``FuzzFinding`` when what it got breaks a property. The run stops at the first
    /// hang or finding: the seed replays it.
    ///
    /// Async so that waiting for an input does not hold one of the few threads every test shares: a fuzz test
    /// blocking them starved the command and HTTP tests running beside it into timeouts.
    @discardableResult
    public func run(sourceLocation: SourceLocation = #_sourceLocation, _ body: @escaping @Sendable ([UInt8]) throws -> Void) async -> Int {
        #expect(!corpus.isEmpty, "fixtures/fuzz/\(name) holds no corpus", sourceLocation: sourceLocation)
        guard !corpus.isEmpty else { return 0 }
        var random = SeededRandom(label: "fuzz \(name)")
        var ran = 0
        for input in corpus {
            guard await finishes(input, body, sourceLocation: sourceLocation) else { return ran }
            ran += 1
        }
        for _ in 0..<iterations {
            let input = mutate(corpus.randomElement(using: &random)!, using: &random)
            guard await finishes(input, body, sourceLocation: sourceLocation) else { return ran }
            ran += 1
        }
        return ran
    }

    /// False (with the input recorded) when `body` is still running after the time limit or found a problem.
    private func finishes(_ input: [UInt8], _ body: @escaping @Sendable ([UInt8]) throws -> Void,
                          sourceLocation: SourceLocation) async -> Bool {
        let seconds = Double(timeLimit.components.seconds) + Double(timeLimit.components.attoseconds) / 1e18
        let ending: Ending = await withCheckedContinuation { continuation in
            let once = Once(continuation)
            // Its own thread with a deep stack, which a hang keeps: a test cannot stop a thread, only stop waiting.
            let thread = Thread {
                do {
                    try body(input)
                    once.resume(.finished)
                } catch let found as FuzzFinding {
                    once.resume(.found(found))
                } catch {
                    once.resume(.finished)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { once.resume(.timedOut) }
        }
        switch ending {
        case .finished:
            return true
        case .timedOut:
            let saved = save(input, as: "hang")
            Issue.record("fuzz \(name): an input took over \(timeLimit) (\(input.count) bytes, saved at \(saved))",
                         sourceLocation: sourceLocation)
            return false
        case .found(let found):
            let saved = save(input, as: "finding")
            Issue.record("fuzz \(name): \(found.message) (input \(Self.shown(input)), saved at \(saved))", sourceLocation: sourceLocation)
            return false
        }
    }

    /// How one input's run ended.
    private enum Ending: Sendable {
        case finished
        case found(FuzzFinding)
        case timedOut
    }

    /// Resumes the continuation once: with whichever comes first, the body's end or the time limit.
    private final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Ending, Never>?

        init(_ continuation: CheckedContinuation<Ending, Never>) { self.continuation = continuation }

        func resume(_ ending: Ending) {
            let waiting = lock.withLock {
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(returning: ending)
        }
    }

    private func save(_ input: [UInt8], as kind: String) -> String {
        let saved = Repository.path("fixtures/fuzz/\(name)/\(kind)-\(String(input.hashValue, radix: 16))")
        _ = FileManager.default.createFile(atPath: saved, contents: Data(input))
        return saved
    }

    /// The start of an input, escaped, so the issue shows it without running its control codes on a terminal.
    static func shown(_ input: [UInt8]) -> String {
        let text = String(decoding: input.prefix(300), as: UTF8.self).unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "\"\(text)\"" + (input.count > 300 ? "… (\(input.count) bytes)" : "")
    }

    /// One to four byte-level edits: flips, inserts from the dictionary, deletions, duplications and
    /// repetitions (which find work that grows faster than the input).
    public func mutate(_ original: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = original
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !bytes.isEmpty:
                bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            case 1:
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
            case 2, 3:
                bytes.insert(contentsOf: Array(dictionary.randomElement(using: &random)!.utf8), at: at)
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...16, using: &random))
                bytes.removeSubrange(at..<end)
            case 5 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            case 6 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...8, using: &random))
                let chunk = Array(bytes[at..<end])
                let times = Int.random(in: 2...2_000, using: &random)
                bytes.insert(contentsOf: (0..<times).flatMap { _ in chunk }, at: at)
            default:
                bytes.append(UInt8.random(in: 0...255, using: &random))
            }
        }
        return bytes
    }

    /// Extremes every parser meets sooner or later.
    static let extremes = [
        "1e308", "-1e308", "1.7976931348623157e309", "NaN", "nan", "+Inf", "-Inf", "inf", "-0", "5e-324",
        "9223372036854775807", "-9223372036854775808", "18446744073709551616", "1e18", "0x7fffffff",
        "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "2026-02-30T25:61:61Z", "\u{1B}[2J", "\u{1B}]52;c;aGk=\u{07}",
        "\u{9B}31m", "\u{202E}", "\u{0}", "\u{7F}", "☕", "👍🏽", "🇩🇪", "e\u{301}", "\r\n", "\n", "\t", "\"", "'",
        "\\", "{", "}", "[", "]", ":", ",", "#", "- ", "|", "*", "&a", "*a", "!!binary", "%", "ms", "s", "m",
    ]
}
