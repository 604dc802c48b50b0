#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesw
import Synchronization

// What the crash handler needs, prepared while curses runs: a signal handler may only call async-signal-safe
// functions (write, tcsetattr, sigaction, raise), so nothing is looked up or allocated once a crash is under way.
// Process-wide by nature, like signal dispositions; set once at install, read only by the handler.
private nonisolated(unsafe) let restoreBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: CrashGuard.byteCapacity)
private let restoreLength = Atomic<Int>(0)
private nonisolated(unsafe) let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
private let haveSavedModes = Atomic<Bool>(false)
private let installed = Atomic<Bool>(false)
private nonisolated(unsafe) let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 64)

/// Hands the terminal back before a crash report prints: on SIGSEGV, SIGILL (a Swift trap), SIGBUS, SIGFPE,
/// SIGABRT or SIGTRAP it leaves the alternate screen, shows the cursor, leaves keypad mode and restores the
/// terminal's modes, then lets the handler that was there before (Swift's backtracer, or the default) run as
/// usual. The report then lands on a usable terminal instead of being painted over the war room.
enum CrashGuard {
    static let signals: [Int32] = [SIGSEGV, SIGILL, SIGBUS, SIGFPE, SIGABRT, SIGTRAP]
    static let byteCapacity = 256

    /// Prepares the bytes that undo what curses did, from the terminal's own terminfo entry, and installs the
    /// handlers. Call after curses has started; `modes` are the terminal's modes from before it did.
    static func install(modes: termios) {
        // Installed twice, the second would save the first's handler as "previous" and a fault would loop.
        guard !installed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var bytes: [UInt8] = []
        for capability in ["sgr0", "rmkx", "cnorm", "rmcup"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        bytes += Array(CursesTerminal.bracketedPasteOff.utf8)
        bytes = Array(bytes.prefix(byteCapacity - 1)) + [UInt8(ascii: "\n")]
        for (index, byte) in bytes.enumerated() { restoreBytes[index] = byte }
        restoreLength.store(bytes.count, ordering: .releasing)
        savedModes.pointee = modes
        haveSavedModes.store(true, ordering: .releasing)

        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        #if canImport(Glibc)
        action.__sigaction_handler.sa_sigaction = handleCrash
        #else
        action.__sigaction_u.__sa_sigaction = handleCrash
        #endif
        for signal in signals { sigaction(signal, &action, &previousActions[Int(signal)]) }
    }

    /// Puts the previous handlers back (the terminal is restored the ordinary way).
    static func remove() {
        guard installed.exchange(false, ordering: .acquiringAndReleasing) else { return }
        restoreLength.store(0, ordering: .releasing)
        for signal in signals { sigaction(signal, &previousActions[Int(signal)], nil) }
    }
}

/// The handler: restore, put the previous handler back, and let the crash continue. A fault (SIGSEGV from a bad
/// access, SIGILL from a Swift trap) happens again when the handler returns, now into the previous handler; a
/// signal sent with kill(2), an abort, or a breakpoint trap (whose instruction is already past) does not, so it is
/// raised again. A stack overflow is not covered: there is no alternate signal stack.
private func handleCrash(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    let length = restoreLength.load(ordering: .acquiring)
    if length > 0 { _ = write(STDOUT_FILENO, restoreBytes, length) }
    if haveSavedModes.load(ordering: .acquiring) { _ = tcsetattr(STDIN_FILENO, TCSANOW, savedModes) }
    sigaction(signal, &previousActions[Int(signal)], nil)
    let sentByAProcess = (info?.pointee.si_code ?? 0) <= 0
    if sentByAProcess || signal == SIGABRT || signal == SIGTRAP { raise(signal) }
}
