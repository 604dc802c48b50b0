/// The one home of every key: what it is bound to, how the help dialog and the README describe it, and the word
/// the status bar hints with. The help dialog, the status bar and the README's table are all drawn from here, so
/// none of them can tell a person about a key that does something else.
public struct KeyMap<Action: Sendable & Hashable>: Sendable {
    /// One line of help: the keys as a person reads them, what they are bound to, and what they do.
    public struct Row: Sendable {
        /// The keys as written in the help, e.g. `["Tab", "Shift-Tab"]`.
        public let names: [String]
        public let bindings: [Key: Action]
        public let help: String
        /// The status bar's short form, e.g. `("p", "promote")`; nil for a key the status bar never offers.
        public let hint: (key: String, word: String)?

        public init(_ names: [String], _ bindings: [Key: Action], _ help: String, hint: (key: String, word: String)? = nil) {
            self.names = names
            self.bindings = bindings
            self.help = help
            self.hint = hint
        }

        /// The keys as the help dialog shows them.
        public var label: String { names.joined(separator: " ") }
    }

    public let rows: [Row]

    public init(_ rows: [Row]) {
        self.rows = rows
        // Two rows binding one key would make the help lie about one of them.
        var seen: Set<Key> = []
        for row in rows { for key in row.bindings.keys { precondition(seen.insert(key).inserted, "key \(key) bound twice") } }
    }

    public func action(for key: Key) -> Action? {
        for row in rows { if let action = row.bindings[key] { return action } }
        return nil
    }

    /// The status bar's hint for an action, e.g. `p:promote`; `word` replaces the row's word (an urgent `DECIDE`).
    public func hint(for action: Action, word: String? = nil) -> String? {
        guard let row = rows.first(where: { $0.bindings.values.contains(action) }), let hint = row.hint else { return nil }
        return hint.key + ":" + (word ?? hint.word)
    }

    /// The README's table: one row per line of help, keys in code spans.
    public var markdownTable: String {
        let lines = rows.map { row in
            "| " + row.names.map { "`" + $0 + "`" }.joined(separator: " ") + " | " + row.help + " |"
        }
        return (["| Key | Does |", "|---|---|"] + lines).joined(separator: "\n")
    }
}

/// What a key asks for on the war room's main screen (no dialog open).
public enum KeyAction: Sendable, Hashable, CaseIterable {
    case nextPane, previousPane
    case up, down, pageUp, pageDown
    case tick
    case start, promote, rollback, decide, acknowledge, note, update
    case explain, comms, canary
    case search, nextMatch, previousMatch, filterMatches, cycleLevel, nextError, previousError
    case togglePause, oldest, newest
    case help, quit

    /// Whether it leads to something in the journal: a replay refuses these at once.
    public var records: Bool {
        switch self {
        case .tick, .start, .promote, .rollback, .decide, .acknowledge, .note, .update: true
        case .nextPane, .previousPane, .up, .down, .pageUp, .pageDown, .explain, .comms, .canary, .search, .nextMatch, .previousMatch,
             .filterMatches, .cycleLevel, .nextError, .previousError, .togglePause, .oldest, .newest, .help, .quit: false
        }
    }
}

extension KeyMap where Action == KeyAction {
    /// The live war room's keys, in the order the help lists them. The logs keys avoid every letter that records.
    public static let live = KeyMap([
        Row(["Tab", "Shift-Tab"], [.tab: .nextPane, .backTab: .previousPane], "move focus between panes",
            hint: ("tab", "pane")),
        Row(["↑", "↓", "j", "k", "PgUp", "PgDn"],
            [.up: .up, .character("k"): .up, .down: .down, .character("j"): .down, .pageUp: .pageUp, .pageDown: .pageDown],
            "move inside the focused pane, or scroll a long dialog; in the logs, scroll back (which pauses them)", hint: ("j/k", "scroll")),
        Row(["space", "Enter"], [.character(" "): .tick, .enter: .tick], "tick or untick the selected checklist item",
            hint: ("space", "tick")),
        Row(["s"], [.character("s"): .start], "start the release now (sets T0), after confirmation", hint: ("s", "start")),
        Row(["p"], [.character("p"): .promote],
            "promote to the next stage, after confirmation; past a gate that is not READY, only with a reason; with a rollout "
                + "controller, it is promoted too (the confirmation shows the exact kubectl command, run after a server-side dry "
                + "run); at the plan's final stage, the controller alone",
            hint: ("p", "promote")),
        Row(["r"], [.character("r"): .rollback],
            "roll back, after a confirmation showing the plan's rollback steps (and, with a rollout controller, the exact "
                + "command that aborts it, run after a server-side dry run); then (and on r again) the steps "
                + "dialog: j/k choose a step, x runs its command after showing it in full (killed after 10 minutes; its exit "
                + "status and output are journaled), space marks it done by hand (on a marked step, takes the mark back "
                + "after a confirmation)",
            hint: ("r", "rollback")),
        Row(["d"], [.character("d"): .decide], "record a decision at the due decision point: go / no-go / rollback, optional note",
            hint: ("d", "decide")),
        Row(["a"], [.character("a"): .acknowledge], "acknowledge a firing trigger (the selected metric's or health check's first, else the first)",
            hint: ("a", "ack")),
        Row(["e"], [.character("e"): .explain],
            "explain the selected metric or health check: value, thresholds, samples, source, triggers; for a metric, "
                + "l there shows the logs around its breach", hint: ("e", "explain")),
        Row(["n"], [.character("n"): .note], "add a note to the journal", hint: ("n", "note")),
        Row(["u"], [.character("u"): .update],
            "write a status update: a draft from the screen, edited in place; Tab shows where it goes and offers c "
                + "(copy it to the clipboard) and w (append it to the updates file); Enter there posts it", hint: ("u", "update")),
        Row(["c"], [.character("c"): .comms],
            "the comms view: the update cadence, the updates posted (Enter reads one), each notice and how sending it went",
            hint: ("c", "comms")),
        Row(["v"], [.character("v"): .canary],
            "the canary view: the judge's score and why, each judged metric against its baseline, each SLO's burn rate "
                + "and budget", hint: ("v", "canary")),
        Row(["/"], [.character("/"): .search],
            "search the logs: literal text, or a regular expression (Tab in the prompt); Enter on an empty search clears it",
            hint: ("/", "search")),
        Row(["<", ">"], [.character("<"): .previousMatch, .character(">"): .nextMatch], "previous / next log line that matches",
            hint: ("<>", "match")),
        Row(["f"], [.character("f"): .filterMatches], "show only the log lines that match the search, or all of them again",
            hint: ("f", "filter")),
        Row(["l"], [.character("l"): .cycleLevel], "log levels shown: all → warnings and errors → errors only → all",
            hint: ("l", "level")),
        Row(["{", "}"], [.character("{"): .previousError, .character("}"): .nextError], "previous / next error in the logs",
            hint: ("{}", "error")),
        Row(["F"], [.character("F"): .togglePause], "pause the logs (new lines are counted, not shown) or follow them again",
            hint: ("F", "pause")),
        Row(["Home", "g", "End", "G"], [.home: .oldest, .character("g"): .oldest, .end: .newest, .character("G"): .newest],
            "the oldest log line kept; the newest, following again"),
        Row(["?"], [.character("?"): .help], "this help", hint: ("?", "help")),
        Row(["q"], [.character("q"): .quit], "quit, after confirmation (the journal keeps everything)", hint: ("q", "quit")),
    ])
}

/// What a key asks of a replay: a move through recorded time, or looking around as in a live session.
public enum ReplayKeyAction: Sendable, Hashable {
    case control(ReplayControl)
    case look(KeyAction)
}

extension KeyMap where Action == ReplayKeyAction {
    /// A replay's keys: time first, then every live key that only looks; the live keys that record are refused.
    public static let replay: KeyMap = {
        let time: [Row] = [
            Row(["space"], [.character(" "): .control(.togglePause)], "pause or resume", hint: ("space", "pause")),
            Row(["←", "→"], [.left: .control(.seek(by: -60)), .right: .control(.seek(by: 60))], "back or on 1 minute",
                hint: ("←→", "1m")),
            Row(["[", "]", "PgUp", "PgDn"],
                [.character("["): .control(.seek(by: -600)), .pageUp: .control(.seek(by: -600)),
                 .character("]"): .control(.seek(by: 600)), .pageDown: .control(.seek(by: 600))],
                "back or on 10 minutes", hint: ("[ ]", "10m")),
            Row(["+", "-"], [.character("+"): .control(.scaleSpeed(by: 2)), .character("="): .control(.scaleSpeed(by: 2)),
                             .character("-"): .control(.scaleSpeed(by: 0.5))],
                "play twice as fast, or half as fast", hint: ("+-", "speed")),
            Row(["g", "G", "Home", "End"],
                [.character("g"): .control(.jumpToStart), .home: .control(.jumpToStart),
                 .character("G"): .control(.jumpToEnd), .end: .control(.jumpToEnd)],
                "jump to T0, or to the end of the journal", hint: ("g/G", "T0/end")),
        ]
        let taken = Set(time.flatMap(\.bindings.keys))
        // Every live key that only looks, with its live help, less the keys time has taken.
        let look: [Row] = KeyMap<KeyAction>.live.rows.compactMap { row in
            guard !row.bindings.values.contains(where: \.records) else { return nil }
            let bindings = row.bindings.filter { !taken.contains($0.key) }.mapValues(ReplayKeyAction.look)
            guard !bindings.isEmpty else { return nil }
            let names = row.names.filter { name in !time.contains { $0.names.contains(name) } }
            if row.bindings.values.contains(.quit) {
                return Row(names, bindings, "quit (a replay has nothing to lose)", hint: row.hint)
            }
            if row.bindings.values.contains(.explain) {
                return Row(names, bindings, "explain the selected metric or health check as it was then", hint: row.hint)
            }
            return Row(names, bindings, row.help, hint: row.hint)
        }
        return KeyMap(time + look)
    }()
}
