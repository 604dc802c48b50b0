import Foundation
import WarRoomTestSupport
@testable import WarRoomFeeds
#if canImport(Glibc)
import Glibc
#endif

/// A real Prometheus for the integration test: our own process on loopback (never a system service), with its
/// configuration and storage in a fresh temporary directory. `stop()` ends it (TERM, then KILL) and removes the
/// directory; it is safe to call more than once.
final class PrometheusServer {
    let url: String
    private let process = Process()
    private let directory = TemporaryDirectory()

    /// The `prometheus` executable on PATH (or Debian's /usr/bin one); nil when not installed.
    static let binary: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/prometheus" } + ["/usr/bin/prometheus"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Starts Prometheus scraping `target` (host:port) every second, listening on a free loopback port.
    init(binary: String, scraping target: String) throws {
        let port = try LocalHTTPServer.freePort()
        url = "http://127.0.0.1:\(port)"
        let config = """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: exporter
                static_configs:
                  - targets: ["\(target)"]
            """
        try config.write(toFile: directory.file("prometheus.yml"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: directory.file("prometheus.log"), contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: directory.file("prometheus.log")))
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(directory.file("prometheus.yml"))",
            "--storage.tsdb.path=\(directory.file("data"))",
            "--web.listen-address=127.0.0.1:\(port)",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit { stop() }

    /// Waits, bounded, for `/-/ready` to answer 200. Throws with the server's log when it does not, or when the
    /// process dies first.
    func waitUntilReady(within limit: Duration) async throws {
        let client = HTTPClient(timeout: 1)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw Failure("prometheus exited with status \(process.terminationStatus):\n\(logTail)") }
            if case .success(let response) = await client.get(URL(string: url + "/-/ready")!), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("prometheus was not ready within \(limit):\n\(logTail)")
    }

    /// The end of Prometheus's own log, to explain a failure.
    var logTail: String {
        let text = (try? String(contentsOfFile: directory.file("prometheus.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        if process.processIdentifier != 0 { process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory.url)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
