import Foundation
import Testing

/// The canary judge in the real binary: the demo's regression drifts the canary worse from T+10m, the header's judge
/// word turns to FAIL, and the canary view (v) says which metric is HIGH and how fast the error budget burns.
@Suite(.serialized, .enabled(if: Tmux.isAvailable, "tmux is not installed"))
struct CanaryEndToEndTests {
    @Test(.timeLimit(.minutes(1)))
    func theRegressionFailsTheJudgeAndTheCanaryViewSaysWhy() throws {
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("warroom-e2e-canary-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: journal) }
        let tmux = Tmux()
        // At --speed 200 a simulated minute is 0.3 s: the drift starts 3 s in, the judge fails within seconds more.
        try tmux.start([Tmux.binary.path, "demo", "--scenario", "regression", "--speed", "200", "--journal", journal.path,
                        "--as", "cy"], width: 160, height: 48)
        try tmux.waitFor(text: "WARROOM")
        try tmux.waitFor("the header's judge word to say FAIL", timeout: 30) { screen in
            screen.split(separator: "\n").prefix(2).contains { $0.contains("judge FAIL") }
        }

        try tmux.send("v")
        let view = try tmux.waitFor("the canary view", timeout: 10) { $0.contains("Esc or v closes") && $0.contains("SLO checkout") }
        #expect(view.contains("JUDGE FAIL  score 0 — critical metric p99_latency is HIGH"), "\(view)")
        #expect(view.contains("p99_latency  HIGH  critical"), "the regressing critical metric is called HIGH:\n\(view)")
        #expect(view.contains("canary   burn ") && view.contains("× over 5m"), "the canary's burn rate is shown:\n\(view)")
        #expect(view.contains("↳ burn_rate(checkout, 1h, 5m) > 14.4"), "with the trigger reading it:\n\(view)")

        try tmux.send("Escape")
        try tmux.waitFor("the canary view to close", timeout: 10) { !$0.contains("Esc or v closes") }

        try tmux.send("q")
        try tmux.send("y")
        try tmux.waitFor("the program to exit") { _ in (try? tmux.paneIsDead()) == true }
    }
}
