import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A recorded scenario for the stand-in `kubectl` (Tests/StandIns/kubectl, described in Tests/StandIns/README.md),
/// copied into a fresh directory, with the environment that puts the stand-in first on PATH. Only tests use it: the
/// product never contains a stand-in.
public final class StandInKubectl: @unchecked Sendable {
    /// The folder holding the stand-in `kubectl`, to put first on PATH.
    public static let binDirectory = Repository.path("Tests/StandIns")
    public static let executable = binDirectory + "/kubectl"

    /// The scenario's writable copy: scenario, fixtures, state/, calls.log, fail-next.
    public let directory: TemporaryDirectory
    public var path: String { directory.path }
    public let scenario: String
    /// Recorded times are divided by this: 10 plays the scenario ten times faster.
    public let speed: Double

    /// Copies `Tests/StandIns/scenarios/<scenario>` and kubectl's recorded errors (`fixtures/kubectl/errors`, as
    /// `errors/`) into a new directory.
    public init(scenario: String, speed: Double = 1) throws {
        self.scenario = scenario
        self.speed = speed
        directory = TemporaryDirectory("kubectl-\(scenario)")
        let manager = FileManager.default
        let source = Repository.path("Tests/StandIns/scenarios/" + scenario)
        for item in try manager.contentsOfDirectory(atPath: source) {
            try manager.copyItem(atPath: source + "/" + item, toPath: directory.file(item))
        }
        try manager.copyItem(atPath: Repository.path("fixtures/kubectl/errors"), toPath: directory.file("errors"))
    }

    /// PATH with the stand-in first, the scenario directory and the speed.
    public var environment: [String: String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": Self.binDirectory + ":" + path, "KUBECTL_STANDIN_DIR": self.path,
                "KUBECTL_STANDIN_SPEED": Self.decimal(speed)]
    }

    /// The environment as `NAME=value` words, for `env` or a tmux command line (sorted, so commands compare).
    public var assignments: [String] { environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }

    /// Runs `kubectl ARGUMENTS` found through PATH; what it printed, stdout and stderr together. A failure throws
    /// `CommandFailure` with kubectl's status and output.
    @discardableResult
    public func run(_ arguments: [String]) throws -> String {
        try Spawn.run("/usr/bin/env", assignments + ["kubectl"] + arguments)
    }

    /// Every call so far, one line each: `kubectl` and each argument as bash's `printf %q` quotes it.
    public func calls() -> [String] {
        ((try? String(contentsOfFile: directory.file("calls.log"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// The line calls.log holds for `kubectl ARGUMENTS`, quoted by bash itself.
    public static func callLine(_ arguments: [String]) throws -> String {
        let quoted = try Spawn.run("/bin/bash", ["-c", #"printf '%q ' "$@""#, "bash"] + arguments)
        return arguments.isEmpty ? "kubectl" : "kubectl " + quoted.dropLast()
    }

    /// The state the scenario is in, as of the last call (time moves it only when kubectl is called).
    public func state() -> String {
        ((try? String(contentsOfFile: directory.file("state/current"), encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Each state entered so far and why (`start`, `time`, `promote`, `abort`, …), in order.
    public func history() -> [(state: String, cause: String)] {
        ((try? String(contentsOfFile: directory.file("state/history"), encoding: .utf8)) ?? "")
            .split(separator: "\n").compactMap { (line) in
                let words = line.split(separator: " ")
                return words.count == 3 ? (String(words[1]), String(words[2])) : nil
            }
    }

    /// Starts the scenario in the named state, entered now.
    public func enter(_ state: String) throws {
        directory.makeDirectory("state")
        try directory.write(state + "\n", to: "state/current")
        directory.remove("state/entered")
    }

    /// The next `count` calls that match `what` (a verb or a resource, comma-separated; default every `get`) print
    /// `stderr` (a file in the scenario directory, e.g. `errors/forbidden.txt`) and exit `status`.
    public func failNext(_ count: Int, status: Int = 1, stderr: String, what: String = "get") {
        directory.append("\(count) \(status) \(stderr) \(what)\n", to: "fail-next")
    }

    /// Appends a line to a pod's log as kubelet writes it: RFC 3339 with nine fractional digits, a space, the text.
    public func appendLog(pod: String, _ text: String, at time: Date = Date()) {
        directory.append(Self.timestamp(time) + " " + text + "\n", to: "logs/" + pod + ".log")
    }

    /// kubelet's `--timestamps` form, e.g. `2026-12-06T14:02:03.123456789Z`.
    public static func timestamp(_ time: Date) -> String {
        let seconds = time.timeIntervalSince1970.rounded(.down)
        let nanoseconds = Int(((time.timeIntervalSince1970 - seconds) * 1e9).rounded(.down))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let whole = formatter.string(from: Date(timeIntervalSince1970: seconds))
        return String(whole.dropLast()) + "." + String(format: "%09d", nanoseconds) + "Z"
    }

    /// Starts a long-running `kubectl ARGUMENTS` (`logs -f`, `get -w`) in the background; its output collects in a
    /// file until `stop()`.
    public func start(_ arguments: [String]) -> Running {
        let id = UUID().uuidString
        let running = Running(output: directory.file("running-\(id).out"), pidFile: directory.file("running-\(id).pid"))
        let command = ["/bin/sh", "-c", #"echo $$ > "$0"; out=$1; shift; exec "$@" > "$out" 2>&1"#,
                       running.pidFile, running.output, "/usr/bin/env"] + assignments + ["kubectl"] + arguments
        let thread = Thread { _ = try? Spawn.run(command[0], Array(command.dropFirst())) }
        thread.start()
        return running
    }

    /// A background kubectl started by `start`.
    public final class Running: @unchecked Sendable {
        public let output: String
        let pidFile: String

        init(output: String, pidFile: String) {
            self.output = output
            self.pidFile = pidFile
        }

        /// What it has printed so far.
        public func text() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

        /// Waits until what it printed satisfies `condition`, up to `timeout` seconds; whether it did.
        public func wait(timeout: TimeInterval = 10, until condition: (String) -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if condition(text()) { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return condition(text())
        }

        /// Whether the process has exited.
        public var hasExited: Bool {
            guard let pid = self.pid else { return false }
            return kill(pid, 0) != 0
        }

        var pid: pid_t? {
            (try? String(contentsOfFile: pidFile, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }

        /// Ends it (SIGTERM), as the war room ends a follower.
        public func stop() async {
            // The pid file appears once the shell has started.
            for _ in 0..<250 where pid == nil { try? await Task.sleep(for: .milliseconds(20)) }
            if let pid { kill(pid, SIGTERM) }
        }
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.6f", value)
    }
}
