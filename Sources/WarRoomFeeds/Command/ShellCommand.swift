import Subprocess

/// A command line run with `/bin/sh -c`, killed with everything it started when it outlives its timeout.
public struct ShellCommand: Sendable, Hashable {
    public var line: String
    public var timeout: Duration
    /// Most bytes kept of standard output, and of standard error: more is a failure rather than a cut document.
    public var outputLimit: Int
    /// When set, the command's whole process group is killed within a second of this process (the war room)
    /// ending by any means, a kill -9 included, when nothing else would stop it.
    public var watchedBy: Int32?

    public init(_ line: String, timeout: Duration, outputLimit: Int = 1 << 20, watchedBy: Int32? = nil) {
        self.line = line
        self.timeout = timeout
        self.outputLimit = max(outputLimit, 1)
        self.watchedBy = watchedBy
    }

    /// The shell's arguments. A watched command runs under a watchdog in its own process group (a background
    /// subshell polling the war room once a second, then killing the group); Linux's parent-death signal would
    /// not do, as it fires when the spawning thread ends, and reaches only the direct child. The command runs as a
    /// background job, so the shell prints no "Terminated" of its own (its messages go nowhere, the command's errors
    /// where they always go), with SIGINT and SIGQUIT put back to their defaults, which a shell without job control
    /// ignores for background jobs (GNU `env --default-signal`, where there is one). A command killed by one of the usual signals is
    /// reported as such, the shell ending itself with the same signal; other statuses above 128 stay exit codes.
    var arguments: [String] {
        guard let watcher = watchedBy else { return ["-c", line] }
        let script = #"""
            watched=$1
            ( while kill -0 "$watched" 2>/dev/null; do sleep 1; done; kill -KILL 0 ) </dev/null >/dev/null 2>&1 &
            watchdog=$!
            defaults=
            env --default-signal=INT,QUIT true 2>/dev/null && defaults="env --default-signal=INT,QUIT"
            exec 3>&2 2>/dev/null
            $defaults /bin/sh -c "$2" 2>&3 3>&- &
            wait $!
            status=$?
            kill "$watchdog"
            case $status in
            129|130|131|134|137|139|141|142|143) trap - "$((status - 128))"; kill -s "$((status - 128))" $$ ;;
            esac
            exit "$status"
            """#
        return ["-c", script, "warroom-step", String(watcher), line]
    }

    /// Runs the command once, to its end or its timeout. Cancelling the calling task kills it too.
    public func run() async -> CommandOutcome {
        let arguments = Arguments(self.arguments), limit = outputLimit, options = Self.platformOptions
        return await withTaskGroup(of: Step.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        .path("/bin/sh"), arguments: arguments, platformOptions: options,
                        input: .none, output: .bytes(limit: limit), error: .bytes(limit: limit))
                    let termination: CommandOutcome.Termination = switch result.terminationStatus {
                    case .exited(let code): .exited(code)
                    case .signaled(let signal): .signalled(signal)
                    }
                    return .ended(.finished(termination, output: result.standardOutput, errorOutput: result.standardError))
                } catch let error as SubprocessError where error.code == .outputLimitExceeded {
                    return .ended(.couldNotRun("printed more than \(limit) bytes"))
                } catch {
                    return .ended(.couldNotRun("\(error)"))
                }
            }
            group.addTask { [timeout] in
                do {
                    try await Task.sleep(for: timeout)
                    return .timeoutPassed
                } catch {
                    return .timerStopped
                }
            }
            var outcome = CommandOutcome.couldNotRun("cancelled")
            while let step = await group.next() {
                switch step {
                case .ended(let ended): outcome = ended
                case .timeoutPassed: outcome = .timedOut(after: timeout)
                case .timerStopped: continue
                }
                // Stops the timer, or kills the command; the group then waits for that to finish.
                group.cancelAll()
                break
            }
            return outcome
        }
    }

    /// Its own session and so its own process group, which teardown kills whole: a pipeline's or a script's
    /// children must not outlive the timeout (nor hold its output open). No controlling terminal either, so a
    /// command cannot read the war room's keyboard.
    private static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500))]
        return options
    }

    private enum Step: Sendable {
        case ended(CommandOutcome)
        case timeoutPassed
        case timerStopped
    }
}
