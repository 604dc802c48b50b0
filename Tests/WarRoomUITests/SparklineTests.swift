import Testing
import WarRoomUI

struct SparklineTests {
    @Test func scalesBetweenItsOwnExtremes() {
        #expect(Sparkline.render([1, 2, 3, 4, 5, 6, 7, 8], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.render([5, 5, 5], width: 8) == "▄▄▄", "a flat series draws mid-height")
        #expect(Sparkline.render([1, 2, 3], width: 2) == "▁█", "only the newest values that fit")
    }

    @Test func referencesKeepNoiseFlatAndAClimbTall() {
        // 0.38–0.42 % error rate is noise next to a 2 % alert bound...
        #expect(Sparkline.render([0.38, 0.42, 0.38, 0.42], width: 4, references: [0.4, 1, 2]) == "▁▁▁▁")
        // ...and a climb to 4 % fills the height.
        #expect(Sparkline.render([0.4, 1, 2, 4], width: 4, references: [0.4, 1, 2]) == "▁▂▄█")
    }
}
