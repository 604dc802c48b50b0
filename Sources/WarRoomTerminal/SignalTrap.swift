#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The last terminating signal received, 0 for none. A signal handler may do almost nothing
/// safely, so it only stores here; the run loop reads it between frames and does the real work.
/// Process-wide by nature: signal dispositions are per process.
private let receivedSignal = Atomic<Int32>(0)

/// Catches SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-\\) for as long as it is installed, recording them instead of
/// dying with the terminal still in curses mode; `remove()` puts the previous handlers back.
final class SignalTrap {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    private var previous: [(signal: Int32, action: sigaction)] = []

    /// The signal received since installation, if any.
    var pending: Int32? {
        let value = receivedSignal.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Installs the handlers. No SA_RESTART, so a blocked read returns early when a signal lands.
    init() {
        receivedSignal.store(0, ordering: .relaxed)
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { signal in receivedSignal.store(signal, ordering: .relaxed) }
        #else
        action.__sigaction_u.__sa_handler = { signal in receivedSignal.store(signal, ordering: .relaxed) }
        #endif
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in Self.signals {
            var old = sigaction()
            if sigaction(signal, &action, &old) == 0 { previous.append((signal, old)) }
            sigaddset(&unblock, signal)
        }
        // A blocked mask is inherited through fork and exec (a parent's worker thread may have spawned us);
        // handlers that can never run would leave the terminal deaf to SIGTERM. SIGWINCH is curses' resize.
        sigaddset(&unblock, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    /// Restores the handlers that were in place before; later signals take their usual course.
    func remove() {
        for (signal, var action) in previous { sigaction(signal, &action, nil) }
        previous = []
    }

    deinit { remove() }
}
