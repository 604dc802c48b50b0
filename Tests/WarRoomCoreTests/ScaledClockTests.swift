import Foundation
import Synchronization
import Testing
import WarRoomCore

struct ScaledClockTests {
    @Test func continuesFromItsOriginAtItsSpeed() {
        let wall = Date(timeIntervalSince1970: 1_000_000)
        let resumedAt = Date(timeIntervalSince1970: 2_000_000)
        let offset = Mutex<TimeInterval>(0)
        let clock = ScaledClock(origin: resumedAt, wallOrigin: wall, speed: 40, base: { wall.addingTimeInterval(offset.withLock { $0 }) })
        #expect(clock.now() == resumedAt, "a resumed demo starts where its journal ended, not back at the wall time")
        offset.withLock { $0 = 3 }
        #expect(clock.now() == resumedAt.addingTimeInterval(120))
    }
}
