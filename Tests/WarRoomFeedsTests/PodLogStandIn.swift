import Foundation
import Testing
import WarRoomCore
import WarRoomTestSupport
@testable import WarRoomFeeds

/// A minimal kubectl for the pod log feed's tests, written into a temporary directory: `get pods` prints `pods.json`,
/// `logs -f POD` prints `logs/POD.log` and follows it until `gone/POD` exists (exit 0, as when a pod is deleted) or
/// `end/POD` does (removed, exit 0: a follow that ends while its pod runs). `fail` (kubectl's standard error) makes
/// every call fail. Every call is logged in `calls.log` and its process id kept in `pids/`. `--tail` and
/// `--since-time` are ignored, so a follow started again reads the whole log again, which the feed must not show twice.
///
/// The repository's stand-in (Tests/StandIns/kubectl, `StandInKubectl`) replays whole recorded rollouts; this one
/// does what a recording cannot: a follow that ends while its pod still runs, a pod's log written as the test goes.
struct PodLogStandIn {
    let directory: TemporaryDirectory

    static let script = #"""
        #!/usr/bin/env bash
        dir=$KUBECTL_STANDIN_DIR
        printf '%s\n' "$*" >>"$dir/calls.log"
        : >"$dir/pids/$$"
        if [[ -f $dir/fail ]]; then cat "$dir/fail" >&2; exit 1; fi
        verb= pod=
        while (( $# )); do
            case $1 in
                --context|-n|-l|-o|-c) shift ;;
                get|logs) verb=$1 ;;
                -*) ;;
                *) [[ $verb == logs && -z $pod ]] && pod=$1 ;;
            esac
            shift
        done
        case $verb in
            get) cat "$dir/pods.json" ;;
            logs)
                log=$dir/logs/$pod.log offset=0
                while :; do
                    if [[ -f $log ]]; then
                        size=$(stat -c %s "$log")
                        if (( size > offset )); then tail -c +$((offset + 1)) "$log" | head -c $((size - offset)); offset=$size; fi
                    fi
                    [[ -f $dir/gone/$pod ]] && exit 0
                    if [[ -f $dir/end/$pod ]]; then rm -f "$dir/end/$pod"; exit 0; fi
                    sleep 0.05
                done ;;
            *) echo "error: unknown command" >&2; exit 1 ;;
        esac
        """#

    init() throws {
        directory = TemporaryDirectory("podlogs")
        for folder in ["bin", "logs", "gone", "end", "pids"] { directory.makeDirectory(folder) }
        try directory.writeExecutable(Self.script, to: "bin/kubectl")
        try pods("none-match")
    }

    var program: KubectlProcess.Program {
        KubectlProcess.Program(directory.file("bin/kubectl"), environment: ["KUBECTL_STANDIN_DIR": directory.path])
    }

    /// The recorded list of pods `get pods` answers with.
    func pods(_ fixture: String) throws {
        let bytes = try KubectlFixtures.bytes("pods/\(fixture).json")
        try Data(bytes).write(to: URL(fileURLWithPath: directory.file("pods.json.new")))
        directory.rename("pods.json.new", to: "pods.json")
    }

    /// Appends lines to a pod's log, each stamped as kubectl's `--timestamps` stamps it.
    func log(_ pod: String, _ lines: [(Date, String)]) {
        directory.append(lines.map { "\(Self.stamp($0.0)) \($0.1)\n" }.joined(), to: "logs/\(pod).log")
    }

    func gone(_ pod: String) throws { try directory.write("", to: "gone/\(pod)") }
    func end(_ pod: String) throws { try directory.write("", to: "end/\(pod)") }
    func fail(with fixture: String) throws {
        try Data(try KubectlFixtures.bytes("errors/\(fixture)")).write(to: URL(fileURLWithPath: directory.file("fail")))
    }

    var calls: [String] {
        ((try? String(contentsOfFile: directory.file("calls.log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Every kubectl started, by process id.
    var processes: [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.file("pids"))) ?? []).compactMap { Int32($0) }
    }

    /// Whether the process runs (a zombie does not).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].prefix(1)
        return state != "Z" && state != "X"
    }

    /// RFC 3339 with nine fractional digits, as kubelet stamps a line.
    static func stamp(_ time: Date) -> String {
        let whole = time.timeIntervalSince1970.rounded(.down)
        let nanos = Int(((time.timeIntervalSince1970 - whole) * 1e9).rounded())
        let nanosText = String(nanos)
        return PodLogFeed.rfc3339(Date(timeIntervalSince1970: whole)).dropLast()
            + "." + String(repeating: "0", count: 9 - nanosText.count) + nanosText + "Z"
    }
}
