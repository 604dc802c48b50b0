import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// kubectl run directly (no shell, so a selector or a pod name is one argument whatever it holds), in its own
/// session and process group, which is killed whole when the calling task is cancelled or a timeout passes.
public enum KubectlProcess {
    /// Why a kubectl run gave nothing to read.
    enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// kubectl said why on its standard error.
        case failed(KubectlFailure)
        /// kubectl could not be started (not installed, not on `PATH`).
        case couldNotRun(String)
        case timedOut(Duration)
        /// It printed more than could be kept.
        case tooLong(Int)

        var description: String {
            switch self {
            case .failed(let failure): failure.description
            case .couldNotRun(let reason): "kubectl could not be run: \(reason.excerpt(160))"
            case .timedOut(let after): "kubectl gave no answer within \(after.components.seconds) s — is the cluster reachable?"
            case .tooLong(let limit): "kubectl printed more than \(limit) bytes"
            }
        }
    }

    /// Most bytes kept of a list's JSON, and of standard error.
    static let outputLimit = 16 << 20
    static let errorLimit = 64 << 10

    /// Which kubectl, and what its environment adds to the war room's (a test's `PATH` and stand-in scenario).
    public struct Program: Sendable, Hashable {
        /// A name looked up on `PATH` (the environment's, when it sets one), or a path.
        public var executable: String
        public var environment: [String: String]

        public init(_ executable: String = "kubectl", environment: [String: String] = [:]) {
            self.executable = executable
            self.environment = environment
        }

        var subprocessExecutable: Executable {
            executable.contains("/") ? .path(FilePath(executable)) : .name(executable)
        }

        var subprocessEnvironment: Environment {
            environment.isEmpty ? .inherit
                : .inherit.updating(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) }))
        }
    }

    /// Its own session, so no controlling terminal (it cannot read the war room's keyboard), and its own process
    /// group, killed whole: nothing it started outlives it.
    static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(500))]
        return options
    }

    /// Runs kubectl to its end and returns its standard output, or why there is none.
    static func output(_ kubectl: Program, arguments: [String], timeout: Duration) async -> Result<[UInt8], Failure> {
        await withTaskGroup(of: Result<[UInt8], Failure>?.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        kubectl.subprocessExecutable, arguments: Arguments(arguments),
                        environment: kubectl.subprocessEnvironment, platformOptions: platformOptions,
                        input: .none, output: .bytes(limit: outputLimit), error: .bytes(limit: errorLimit))
                    if case .exited(0) = result.terminationStatus { return .success(result.standardOutput) }
                    return .failure(.failed(KubectlFailure(errorOutput: result.standardError)))
                } catch let error as SubprocessError where error.code == .outputLimitExceeded {
                    return .failure(.tooLong(outputLimit))
                } catch {
                    return .failure(.couldNotRun("\(error)"))
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                    return .failure(.timedOut(timeout))
                } catch {
                    return nil
                }
            }
            var outcome: Result<[UInt8], Failure> = .failure(.couldNotRun("cancelled"))
            while let step = await group.next() {
                guard let step else { continue }
                outcome = step
                // Stops the timer, or kills kubectl; the group then waits for that to finish.
                group.cancelAll()
                break
            }
            return outcome
        }
    }
}
