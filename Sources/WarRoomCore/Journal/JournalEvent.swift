import Foundation

/// A domain event as the journal stores it. Human-visible state is the fold of these.
public enum JournalEvent: Sendable, Codable, Hashable {
    /// `host` tells which machine and pid namespace the pid belongs to, `hostName` what people call that machine
    /// (each absent in entries from before it was added).
    case sessionAttached(pid: Int32, host: String? = nil, hostName: String? = nil)
    case sessionDetached
    /// Another session's process was seen gone on this host without detaching (killed, crashed): journaled by the
    /// war room that noticed, so that session stops counting as attached and its open command starts lapse at once.
    /// Journaled by the evaluator alone. `silentSince` is the session's last heartbeat when it was silence, not a
    /// vanished process, that gave it away (absent in entries from before heartbeats).
    case sessionGone(session: String, pid: Int32, silentSince: Date? = nil)
    /// The entry's session took the evaluator lease: from now on it alone runs the feeds and the rules and journals
    /// what they see. `previous` is the session that held it, `reason` why it changed hands, in words.
    case evaluatorChanged(host: String?, previous: String?, reason: String)
    /// The samples the evaluator accepted since its last batch.
    case samplesRecorded(SampleBatch)
    /// One log's lines, as the evaluator journals them, with counts of every line it read.
    case logLines(LogRecord)
    /// A feed's health as the evaluator saw it change.
    case sourceReported(SourceReport)
    /// A plan for the same release, changed mid-release, that the war room accepted; `changes` say what changed.
    /// Indirect: a whole plan inline would make every entry of every kind the size of a plan (300 bytes, not 100),
    /// and a resume or an export of 100,000 entries twice as slow.
    indirect case planAmended(PlanAmendment)
    case releaseStarted(t0: Date)
    /// `override` is the reason given for promoting past a gate that was not READY, with the gate's reasons.
    case stagePromoted(from: Int, to: Int, stage: String, override: PromotionOverride? = nil)
    case rolledBack(fromStage: Int, reason: String?)
    case checklistTicked(item: String)
    case checklistUnticked(item: String)
    case decisionRecorded(DecisionRecord)
    case triggerPending(trigger: String, value: Double)
    case triggerFiring(trigger: String, value: Double)
    case triggerResolved(trigger: String, value: Double?)
    case triggerAcknowledged(trigger: String)
    case note(text: String)
    case sourceFailed(source: String, message: String)
    case sourceRecovered(source: String)
    /// A rollback step's command is about to run, journaled before it starts so that two war rooms on one journal
    /// never both run it: the first start in the journal runs, a later one while it is open does not.
    case commandStarted(step: Int, command: String)
    /// A command run from the war room, with how it ended and what it printed (capped). `step` is the rollback
    /// step's index, absent in entries from before steps were journaled with it.
    case commandRun(command: String, exitStatus: Int32?, output: String, step: Int? = nil)
    /// A rollback step marked done by hand (`done`), or that mark taken back (`done: false`): a step with no
    /// command, or one whose command was run some other way. `step` is its index in the plan, counting from 0.
    case rollbackStepMarked(step: Int, done: Bool)
    /// A post-mortem written from this journal.
    case exportMade(format: String, file: String?)
    /// What the evaluator read of the plan's rollout controller: journaled when it changed, and at least every
    /// ``AppState/controllerRefresh`` so every war room can tell a quiet controller from a stale reading.
    case controllerRead(ControllerReading)
    /// A person confirmed an action on the controller; the evaluator runs it once (its ``ControllerAction/id`` names it).
    case controllerActionRequested(ControllerAction)
    /// The evaluator is about to run a requested action: journaled first, so an evaluator that takes over knows the
    /// one before it may have run it. The first start of a request stands; only its session runs it.
    case controllerActionStarted(request: String)
    /// How the evaluator's run of a requested action went.
    case controllerActionRun(ControllerActionResult)
    /// The controller was seen to make the change an action asked for: `change` is its state then, in words.
    case controllerChangeObserved(request: String, change: String)
    /// A person posted a status update (the entry's actor): the text as they edited it.
    case updatePosted(StatusUpdate)
    /// The evaluator queued a notification for one of the plan's targets, telling of an entry before it. Queued once
    /// per entry and target; its id is the idempotency key.
    case noticeQueued(Notice)
    /// The evaluator is about to send a queued notice: journaled first, so a war room taking over knows it may have
    /// gone. The first start of an attempt stands; only its session sends.
    case noticeSending(notice: String, attempt: Int)
    /// How an attempt to send a notice ended.
    case noticeDelivered(NoticeDelivery)
    /// The canary judge's judgement, journaled by the evaluator when a verdict, the score or the fail streak changed,
    /// and after every decision and promotion, so a replay and the post-mortem show what the judge said, when.
    case judged(Judgement, occasion: JudgementOccasion)

    /// Samples and log lines: what the evaluator saw, recorded for every screen and the charts, not an event a
    /// timeline lists.
    public var isFeedData: Bool {
        switch self {
        case .samplesRecorded, .logLines: true
        case .sessionAttached, .sessionDetached, .sessionGone, .evaluatorChanged, .sourceReported, .planAmended,
             .releaseStarted, .stagePromoted, .rolledBack, .checklistTicked, .checklistUnticked, .decisionRecorded,
             .triggerPending, .triggerFiring, .triggerResolved, .triggerAcknowledged, .note, .sourceFailed,
             .sourceRecovered, .commandStarted, .commandRun, .rollbackStepMarked, .exportMade, .controllerRead,
             .controllerActionRequested, .controllerActionStarted, .controllerActionRun, .controllerChangeObserved,
             .updatePosted, .noticeQueued, .noticeSending, .noticeDelivered, .judged: false
        }
    }

    /// Whether folding this event can change the rollback's record: the rollback itself, its steps (the plan), their
    /// commands' runs and their marks by hand. A summary of the rollback folds these alone, not a journal's samples.
    public var concernsRollback: Bool {
        switch self {
        case .planAmended, .rolledBack, .commandRun, .rollbackStepMarked: true
        case .sessionAttached, .sessionDetached, .sessionGone, .evaluatorChanged, .samplesRecorded, .logLines,
             .sourceReported, .releaseStarted, .stagePromoted, .checklistTicked, .checklistUnticked, .decisionRecorded,
             .triggerPending, .triggerFiring, .triggerResolved, .triggerAcknowledged, .note, .sourceFailed,
             .sourceRecovered, .commandStarted, .exportMade, .controllerRead, .controllerActionRequested,
             .controllerActionStarted, .controllerActionRun, .controllerChangeObserved, .updatePosted, .noticeQueued,
             .noticeSending, .noticeDelivered, .judged: false
        }
    }

    /// A stable short name, stored in its own column so people can query it with `sqlite3`.
    public var kind: String {
        switch self {
        case .sessionAttached: "session_attached"
        case .sessionDetached: "session_detached"
        case .sessionGone: "session_gone"
        case .evaluatorChanged: "evaluator_changed"
        case .samplesRecorded: "samples"
        case .logLines: "log_lines"
        case .sourceReported: "source_report"
        case .planAmended: "plan_amended"
        case .releaseStarted: "release_started"
        case .stagePromoted: "stage_promoted"
        case .rolledBack: "rolled_back"
        case .checklistTicked: "checklist_ticked"
        case .checklistUnticked: "checklist_unticked"
        case .decisionRecorded: "decision_recorded"
        case .triggerPending: "trigger_pending"
        case .triggerFiring: "trigger_firing"
        case .triggerResolved: "trigger_resolved"
        case .triggerAcknowledged: "trigger_acknowledged"
        case .note: "note"
        case .sourceFailed: "source_failed"
        case .sourceRecovered: "source_recovered"
        case .commandStarted: "command_started"
        case .commandRun: "command_run"
        case .rollbackStepMarked: "rollback_step_marked"
        case .exportMade: "export_made"
        case .controllerRead: "controller_read"
        case .controllerActionRequested: "controller_action_requested"
        case .controllerActionStarted: "controller_action_started"
        case .controllerActionRun: "controller_action_run"
        case .controllerChangeObserved: "controller_change_observed"
        case .updatePosted: "update_posted"
        case .noticeQueued: "notice_queued"
        case .noticeSending: "notice_sending"
        case .noticeDelivered: "notice_delivered"
        case .judged: "judged"
        }
    }
}

/// One stored journal event with its time, who did it and from which session.
public struct JournalEntry: Sendable, Codable, Hashable {
    /// Position in the journal, assigned when stored; 0 for an entry not yet stored.
    public var seq: Int64
    public var time: Date
    public var actor: String
    public var session: String
    public var event: JournalEvent

    public init(seq: Int64 = 0, time: Date, actor: String, session: String, event: JournalEvent) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.session = session
        self.event = event
    }
}
