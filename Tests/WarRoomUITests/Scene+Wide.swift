import Foundation
@testable import WarRoomCore
import WarRoomTestSupport

extension Scene {
    /// The mid-release scene with wide text wherever people and logs write: checklist items, rollback steps, a
    /// decision's note and log lines hold East Asian characters, emoji, a flag, skin tones, a ZWJ family and
    /// combining accents.
    static func wideRelease() throws -> AppState {
        var plan = try plan()
        let texts = ["☕ Kaffee für das On-call-Team, 中文 docs", "✅ Rollback procedure tested 👍🏽 in staging",
                     "❌ Dashboards 🇩🇪 eu-central-1", "Smoke tests 👨‍👩‍👧 family plan passing", "Support e\u{301}quipe briefed 中文"]
        for (index, text) in texts.enumerated() { plan.checklist[index].text = text }
        plan.rollback.steps = [RollbackStep("Abort the rollout ❌ 中止", command: "kubectl argo rollouts abort checkout # 中止 ☕"),
                               RollbackStep("Verify traffic ✅ is back on 2.13.4 👍🏽 🇩🇪 👨‍👩‍👧 and résumé (re\u{301}sume\u{301})")]
        var state = try midRelease(with: plan, note: "✅ 中文 ok 👍🏽 clean canary")
        run(&state, [
            .log(LogLine(time: at(21.92), level: .info, text: WideText.logLine, source: "app.log")),
            .log(LogLine(time: at(21.94), level: .error,
                         text: "❌ 決済ゲートウェイ timeout after 2000ms 👨‍👩‍👧 家族プラン ☕☕☕ e\u{301}e\u{301} 中文中文中文中文", source: "app.log")),
            .log(LogLine(time: at(21.96), level: .warn, text: "✅ deploy 🇩🇪 eu-central-1 Zu\u{308}rich ok", source: "app.log")),
            .tick(at(22)),
        ])
        return state
    }
}
