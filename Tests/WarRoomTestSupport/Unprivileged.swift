#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs code with file permissions enforced as for an ordinary user, even when the tests run as root (as CI
/// does), so a test can meet a file it may not read.
///
/// As root the code runs on a thread of its own whose filesystem user is `nobody`: on Linux that user, and the
/// capabilities that bypass permission bits, belong to one thread, so the rest of the process keeps its rights.
public enum Unprivileged {
    /// The user file access is checked as on the thread that runs the code.
    public static let user: UInt32 = 65_534

    public static func run<Result>(_ body: () -> Result) -> Result {
        guard geteuid() == 0, let setFilesystemUser else { return body() }
        return withoutActuallyEscaping(body) { body in
            var result: Result?
            let job = Job {
                _ = setFilesystemUser(user)
                result = body()
                _ = setFilesystemUser(0)
            }
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { context in
                Unmanaged<Job>.fromOpaque(context!).takeUnretainedValue().work()
                return nil
            }, Unmanaged.passUnretained(job).toOpaque())
            precondition(created == 0, "cannot start a thread")
            pthread_join(thread, nil)
            return result!
        }
    }

    private final class Job: @unchecked Sendable {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    private typealias SetFilesystemUser = @convention(c) (UInt32) -> Int32

    /// `setfsuid(2)`, which Glibc's module map leaves out.
    private static let setFilesystemUser: SetFilesystemUser? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setfsuid") else { return nil }
        return unsafeBitCast(symbol, to: SetFilesystemUser.self)
        #else
        return nil
        #endif
    }()
}
