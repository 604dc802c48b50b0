import Subprocess

/// A command line run with `/bin/sh -c`, killed with everything it started when it outlives its timeout.
public struct ShellCommand: Sendable, Hashable {
    public var line: String
    public var timeout: Duration
    /// Most bytes kept of standard output, and of standard error: more is a failure rather than a cut document.
    public var outputLimit: Int

    public init(_ line: String, timeout: Duration, outputLimit: Int = 1 << 20) {
        self.line = line
        self.timeout = timeout
        self.outputLimit = max(outputLimit, 1)
    }

    /// Runs the command once, to its end or its timeout. Cancelling the calling task kills it too.
    public func run() async -> CommandOutcome {
        let line = line, limit = outputLimit, options = Self.platformOptions
        return await withTaskGroup(of: Step.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        .path("/bin/sh"), arguments: ["-c", line], platformOptions: options,
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
