import Foundation

/// This process's resident memory as Linux reports it in /proc/self/status: now, and the most it has ever been.
struct ProcessMemory {
    /// VmRSS, in bytes.
    var resident: Int
    /// VmHWM (the high-water mark of VmRSS), in bytes: what a long run must keep bounded.
    var peak: Int

    /// Nil where there is no /proc (macOS).
    static func current() -> ProcessMemory? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        func kilobytes(_ key: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        guard let resident = kilobytes("VmRSS"), let peak = kilobytes("VmHWM") else { return nil }
        return ProcessMemory(resident: resident * 1024, peak: peak * 1024)
    }

    static func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
}
