import Foundation

/// What a rollout controller says of one release, read from its own resource (`kubectl get … -o json`): its phase
/// in the few kinds the screen colours, with the controller's own word kept beside it, and what it knows of steps,
/// traffic, pauses, analysis and pods. The evaluator journals it as observed, so every war room, a replay and the
/// post-mortem show the controller as it was. docs/rollout-controllers.md says which field each value comes from.
public struct ControllerStatus: Sendable, Hashable, Codable {
    /// Which controller's resource it was read from.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An Argo Rollouts `Rollout` (argoproj.io/v1alpha1).
        case argoRollout = "argo-rollout"
        /// A Flagger `Canary` (flagger.app/v1beta1).
        case flaggerCanary = "flagger-canary"
        /// A Kubernetes `Deployment` (apps/v1).
        case deployment
    }

    /// Each controller's phases mapped to what the screen needs to tell apart; ``rawPhase`` keeps the word.
    public enum Phase: String, Sendable, Hashable, Codable, CaseIterable {
        /// Moving on by itself (or about to: the controller has not yet seen the latest spec).
        case progressing
        /// Waiting for a person (a pause step, an approval) before it goes on.
        case paused
        /// Done, and every pod of the current version is available.
        case healthy
        /// Stuck or failing without having rolled back (a progress deadline passed, pods unavailable).
        case degraded
        /// Rolled back: all traffic is on the stable version again.
        case aborted
        /// A phase this version of warroom does not know, or none at all.
        case unknown
    }

    /// Where a controller with steps is: `index` of `count`; `index == count` once every step is done.
    public struct Step: Sendable, Hashable, Codable {
        public var index: Int
        public var count: Int

        public init(index: Int, count: Int) {
            self.index = index
            self.count = count
        }
    }

    /// The canary's share of traffic, in percent: what the current step asks for, and what the traffic router was
    /// last set to. Either is nil when the controller does not say (no traffic routing, no steps).
    public struct Weight: Sendable, Hashable, Codable {
        public var set: Int?
        public var actual: Int?

        public init(set: Int?, actual: Int?) {
            self.set = set
            self.actual = actual
        }
    }

    /// Pods: wanted, of the current version, ready, and available (ready for the controller's minimum time).
    public struct Replicas: Sendable, Hashable, Codable {
        public var desired: Int
        public var updated: Int
        public var ready: Int
        public var available: Int

        public init(desired: Int, updated: Int, ready: Int, available: Int) {
            self.desired = desired
            self.updated = updated
            self.ready = ready
            self.available = available
        }
    }

    /// Why the controller waits (its own word: `CanaryPauseStep`, `InconclusiveAnalysisRun`, `WaitingPromotion`…)
    /// and since when, if it says.
    public struct Pause: Sendable, Hashable, Codable {
        public var reason: String
        public var since: Date?

        public init(reason: String, since: Date? = nil) {
            self.reason = reason
            self.since = since
        }
    }

    /// Flagger's tally: checks failed so far, and how many it takes to roll back.
    public struct Checks: Sendable, Hashable, Codable {
        public var failed: Int
        public var threshold: Int

        public init(failed: Int, threshold: Int) {
            self.failed = failed
            self.threshold = threshold
        }
    }

    public var kind: Kind
    /// The resource's name and namespace, as kubectl printed them.
    public var name: String
    public var namespace: String?
    public var phase: Phase
    /// The controller's own word for its phase (for a Deployment, the reason of its `Progressing` condition);
    /// empty when it wrote none.
    public var rawPhase: String
    /// The controller's own explanation, cut to ``textLimit``.
    public var message: String?
    public var step: Step?
    public var weight: Weight?
    public var pause: Pause?
    public var analysis: Analysis?
    public var checks: Checks?
    public var replicas: Replicas?
    /// The stable version's pod-template hash (Flagger: the spec hash it last promoted).
    public var stableHash: String?
    /// The canary's, while it differs from the stable one; nil when one version runs.
    public var canaryHash: String?
    /// How many spec changes the controller has not yet acted on (`metadata.generation` − `observedGeneration`);
    /// nil when the resource does not say. While it is above 0 the rest is the controller's view of an older spec.
    public var generationLag: Int?
    /// `metadata.generation`: goes up with every change to the resource's spec (an undo, a new image); nil when the
    /// resource does not say.
    public var generation: Int?

    /// The longest message kept: a status is journaled each time it changes, and a controller's message quotes
    /// whatever a metric provider answered.
    public static let textLimit = 200
    /// The longest name, hash, reason or measured value kept.
    public static let shortTextLimit = 80
    /// The most analysis metrics kept.
    public static let metricLimit = 16

    public init(kind: Kind, name: String, namespace: String? = nil, phase: Phase, rawPhase: String, message: String? = nil,
                step: Step? = nil, weight: Weight? = nil, pause: Pause? = nil, analysis: Analysis? = nil, checks: Checks? = nil,
                replicas: Replicas? = nil, stableHash: String? = nil, canaryHash: String? = nil, generationLag: Int? = nil,
                generation: Int? = nil) {
        self.generation = generation
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.phase = phase
        self.rawPhase = rawPhase
        self.message = message
        self.step = step
        self.weight = weight
        self.pause = pause
        self.analysis = analysis
        self.checks = checks
        self.replicas = replicas
        self.stableHash = stableHash
        self.canaryHash = canaryHash
        self.generationLag = generationLag
    }
}
