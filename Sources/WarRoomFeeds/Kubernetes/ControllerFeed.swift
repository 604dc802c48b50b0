import Foundation
import Synchronization
import WarRoomCore

/// Reads the plan's rollout controller every `poll` (and at once when poked after an action on it) and posts each
/// reading as ``Event/controller(_:)``: its status, or why it could not be read. Only the evaluator runs it; what it
/// reads reaches every war room through the journal.
///
/// kubectl is run as a person would type it (`kubectl -n shop get rollouts.argoproj.io checkout -o json`); no Swift
/// Kubernetes client can patch a status subresource, and reading through the same tool that drives keeps the
/// kubeconfig, its contexts and its credentials plugins exactly as the engineer has them.
public struct ControllerFeed: Sendable {
    public let controller: RolloutController
    public let poll: Duration
    /// How long one kubectl call may take: an API server that hangs is a failure the screen shows, not a frozen feed.
    public let timeout: Duration

    public init(controller: RolloutController, poll: Duration, timeout: Duration = .seconds(15)) {
        self.controller = controller
        self.poll = poll
        self.timeout = timeout
    }

    /// One look at the controller.
    public func readOnce() async -> ControllerReading {
        switch controller {
        case .argo(let object):
            let rollout = await get(object, resource: ControllerStatus.Kind.argoRollout.kubectlResource)
            let bytes: [UInt8]
            switch rollout {
            case .success(let read): bytes = read
            case .failure(let failure): return .unreadable(reason: failure.description)
            }
            do {
                var status = try ArgoRolloutStatus.parse(bytes)
                // The analysis run's measurements, when the step runs one; the rollout alone still reads without them.
                if let run = status.analysis?.name,
                   case .success(let runBytes) = await get(KubernetesObject(name: run, namespace: object.namespace,
                                                                            context: object.context),
                                                           resource: "analysisruns.argoproj.io"),
                   let withRun = try? ArgoRolloutStatus.parse(bytes, analysisRun: runBytes) {
                    status = withRun
                }
                return .status(status)
            } catch {
                return .unreadable(reason: "\(error)")
            }
        case .flagger(let object, _, _):
            return await read(object, resource: ControllerStatus.Kind.flaggerCanary.kubectlResource, FlaggerCanaryStatus.parse)
        case .deployment(let object):
            return await read(object, resource: ControllerStatus.Kind.deployment.kubectlResource, DeploymentStatus.parse)
        case .command(let status, _, _):
            let outcome = await ShellCommand(status, timeout: timeout).run()
            if let failure = outcome.failure { return .unreadable(reason: "the status command \(failure)") }
            guard case .finished(_, let output, _) = outcome else { return .unreadable(reason: "the status command gave no output") }
            return Self.parseAnyKind(output)
        }
    }

    /// Reads until the task is cancelled: every `poll`, or sooner when `poked` yields (an action was just run, and
    /// the person waits to see it take effect).
    public func run(poke: ControllerPoke = ControllerPoke(), emit: @escaping @Sendable (Event) -> Void) async {
        while !Task.isCancelled {
            let reading = await readOnce()
            guard !Task.isCancelled else { return }
            emit(.controller(reading))
            await poke.wait(upTo: poll)
        }
    }

    // MARK: kubectl

    private func read(_ object: KubernetesObject, resource: String,
                      _ parse: ([UInt8]) throws -> ControllerStatus) async -> ControllerReading {
        switch await get(object, resource: resource) {
        case .success(let bytes):
            do { return .status(try parse(bytes)) } catch { return .unreadable(reason: "\(error)") }
        case .failure(let failure):
            return .unreadable(reason: failure.description)
        }
    }

    /// kubectl run as the pod log feed runs it (no shell, its own process group, killed at the timeout), its
    /// standard error read by ``KubectlFailure``.
    private func get(_ object: KubernetesObject, resource: String) async -> Result<[UInt8], KubectlProcess.Failure> {
        await KubectlProcess.output(KubectlProcess.Program(), arguments: object.kubectlScope + ["get", resource, object.name, "-o", "json"],
                                    timeout: timeout)
    }

    /// A status command's output: kubectl's JSON of whichever resource it printed, told apart by its `kind`.
    static func parseAnyKind(_ output: [UInt8]) -> ControllerReading {
        let kind: String? = if case .object(let fields)? = JSONValue.parse(output), case .string(let kind)? = fields["kind"] {
            kind
        } else {
            nil
        }
        do {
            switch kind {
            case "Rollout": return .status(try ArgoRolloutStatus.parse(output))
            case "Canary": return .status(try FlaggerCanaryStatus.parse(output))
            case "Deployment": return .status(try DeploymentStatus.parse(output))
            default:
                return .unreadable(reason: "the status command printed \(kind.map { "a \($0.excerpt(40))" } ?? "no resource"); "
                    + "it must print kubectl's -o json of a Rollout, Canary or Deployment")
            }
        } catch {
            return .unreadable(reason: "\(error)")
        }
    }
}

/// Asks a ``ControllerFeed`` to read now rather than at its next poll: set by the runtime when an action on the
/// controller has run, so the change it made shows in a second, not a poll later.
public final class ControllerPoke: Sendable {
    private let poked = Atomic<Bool>(false)

    public init() {}

    public func poke() { poked.store(true, ordering: .releasing) }

    /// Sleeps `duration`, or less once poked; a fifth of a second is the most a poke waits.
    func wait(upTo duration: Duration) async {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if poked.exchange(false, ordering: .acquiringAndReleasing) { return }
            try? await Task.sleep(for: min(.milliseconds(200), deadline - ContinuousClock.now))
        }
    }
}
