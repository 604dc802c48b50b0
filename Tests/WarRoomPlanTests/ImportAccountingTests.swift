import Foundation
import Testing
@testable import WarRoomPlan

/// `warroom import` drops nothing silently: placeholder stages are kept with a TODO, rollback criteria become
/// triggers, unticked triggers beside ticked ones are left out and said so, rates are read, and every list item,
/// checkbox, table row and key: value line is mapped or reported with its line.
@Suite("Import accounts for every line")
struct ImportAccountingTests {
    /// A small filled-in plan, numbered so a test can name its lines: with one-line `metrics` and two stages,
    /// `extra` starts at line 13.
    static func plan(stages: String = "1. Canary 5% - 5% of traffic for 30 minutes\n2. Everyone - 100% of traffic",
                     metrics: String = "| Error Rate | 0.1% | < 0.5% | > 1% |", extra: String) -> String {
        """
        # Deployment Plan: billing-api 2.1.0
        **Method**: Canary
        ## Rollout Stages
        \(stages)
        ## Success Metrics
        | Metric | Baseline | Success Threshold | Alert Threshold |
        |---|---|---|---|
        \(metrics)
        ## Rollback Steps
        1. Roll back with `helm rollback billing`
        ## Notes
        \(extra)
        """
    }

    static func convert(_ markdown: String) -> ImportResult {
        MarkdownImporter.convert(markdown: markdown, file: "plan.md")
    }

    static func errors(_ result: ImportResult) -> [Diagnostic] {
        PlanLoader.check(text: result.yaml, file: "plan.yaml", environment: [:]).report.errors
    }

    // MARK: placeholder stages

    @Test func aStageWithAPlaceholderDurationIsKeptWithATodo() {
        let result = Self.convert(Self.plan(stages: """
        1. Canary 5% - 5% of traffic for 30 minutes
        2. Canary 50% - 50% of traffic for ___ minutes
        3. Everyone - 100% of traffic
        """, extra: ""))
        #expect(result.yaml.contains("""
              - name: Canary 5%
                traffic: 5%
                min_duration: 30m
              # TODO: duration was a placeholder ("___ minutes") at line 5
              - name: Canary 50%
                traffic: 50%
              - name: Everyone

            """))
        #expect(result.unmapped.contains { $0.line == 5 && $0.message.contains("\"Canary 50%\" kept without min_duration") })
        #expect(result.placeholders.contains { $0.line == 5 })
        #expect(Self.errors(result).isEmpty, "\(Self.errors(result))")
    }

    @Test func aStageTableCellThatIsAPlaceholderLeavesATodoToo() {
        let markdown = """
        # Deployment Plan: billing-api 2.1.0
        ## Stages
        | Stage | Traffic | Duration |
        |---|---|---|
        | Canary | ___% | 1 hour |
        | Everyone | 100% | [duration] |
        """
        let result = Self.convert(markdown)
        #expect(result.yaml.contains("""
              # TODO: traffic was a placeholder ("___%") at line 5
              - name: Canary
                min_duration: 1h
              # TODO: duration was a placeholder ("[duration]") at line 6
              - name: Everyone
                traffic: 100%

            """))
    }

    @Test func placeholdersSayWhatTheyStoodFor() {
        let read = ImportBuilder.unfilled("[Description] - [Duration/Percentage]", line: 9)
        #expect(read.todos == ["TODO: \"[Description]\" at line 9 was never filled in",
                               "TODO: duration was a placeholder (\"[Duration/Percentage]\") at line 9",
                               "TODO: traffic was a placeholder (\"[Duration/Percentage]\") at line 9"])
        #expect(ImportBuilder.unfilled("Canary [N]% for 2 hours", line: 3).todos == ["TODO: traffic was a placeholder (\"[N]%\") at line 3"])
        #expect(ImportBuilder.unfilled("no placeholder", line: 1).todos.isEmpty)
    }

    // MARK: rollback criteria

    @Test(arguments: ["Rollback Criteria", "Rollback triggers", "When to roll back", "Abort criteria", "Abort conditions"])
    func bulletsUnderRollbackCriteriaAreTriggersNeverChecklistItems(_ heading: String) {
        let result = Self.convert(Self.plan(extra: """
        ## \(heading)
        - [ ] Error rate above 1% for 5 minutes
        - Support reports broken invoices
        """))
        #expect(result.yaml.contains("triggers:\n  # from \"\(heading)\" list, line 14\n  - error_rate > 1% for 5m\n"))
        #expect(!result.yaml.contains("checklist:"), "\(result.yaml)")
        #expect(result.unmapped.contains { $0.line == 15 && $0.message.contains("trigger \"Support reports broken invoices\" not mapped") })
        #expect(result.yaml.contains("# TODO line 15: \"Support reports broken invoices\""))
    }

    /// A label under the criteria heading that names something else keeps its own meaning.
    @Test func decisionPointsUnderRollbackCriteriaStayDecisionPoints() {
        let result = Self.convert(Self.plan(extra: """
        ## Rollback Criteria
        **Automatic:**
        - Error rate above 1% for 5 minutes
        **Decision points:**
        - T+15 minutes: first look
        """))
        #expect(result.yaml.contains("  - error_rate > 1% for 5m\n"))
        #expect(result.yaml.contains("  - at: T+15m\n    title: first look\n"))
    }

    /// A box under rollback criteria that no section takes is reported, not turned into a task.
    @Test func anUnplacedBoxUnderRollbackCriteriaIsReportedNotAChecklistItem() {
        let result = Self.convert(Self.plan(extra: """
        ## Rollback Criteria
        **Manual decision points:**
        - [ ] Customer complaints spike
        """))
        #expect(!result.yaml.contains("checklist:"), "\(result.yaml)")
        #expect(result.unmapped.contains { $0.line == 15 && $0.message.contains("\"Customer complaints spike\"") })
    }

    // MARK: ticked and unticked triggers

    @Test func untickedTriggersBesideTickedOnesAreLeftOutAndReported() {
        let result = Self.convert(Self.plan(metrics: "| Error Rate | 0.1% | < 0.5% | > 1% |\n| Latency | 100ms | < 200ms | > 400ms |", extra: """
        ## Abort criteria
        - [x] Error rate above 1% for 5 minutes
        * [ ] Latency above 400ms for 10 minutes
        - [X] Latency above 600ms for 2 minutes
        """))
        #expect(result.yaml.contains("  - error_rate > 1% for 5m\n  - latency > 600ms for 2m\n"))
        #expect(!result.yaml.contains("latency > 400ms"))
        #expect(result.yaml.contains("# not ticked, left out (line 16): \"Latency above 400ms for 10 minutes\""))
        #expect(result.unmapped.contains { $0.line == 16 && $0.message.contains("its box is not ticked, and 2 in this list are") })
        #expect(result.assumptions.isEmpty)
    }

    @Test func whenNoBoxIsTickedEveryTriggerIsTakenAndTheReportSaysSo() {
        let result = Self.convert(Self.plan(metrics: "| Error Rate | 0.1% | < 0.5% | > 1% |\n| Latency | 100ms | < 200ms | > 400ms |", extra: """
        ## Rollback triggers
        - [ ] Error rate above 1% for 5 minutes
        - [ ] Latency above 400ms for 10 minutes
        """))
        #expect(result.yaml.contains("  - error_rate > 1% for 5m\n  - latency > 400ms for 10m\n"))
        #expect(result.assumptions.map(\.description)
                == ["plan.md:15:7: no box is ticked in the 2 trigger checkboxes under \"Rollback triggers\": all are imported as active triggers"])
        #expect(result.report.contains("assumed (1):\n  plan.md:15:7: no box is ticked"))
    }

    // MARK: rates

    @Test func ratesPerMinuteAndPerSecondAreRead() {
        #expect(TextRules.measure("12/min") == .init(comparison: nil, number: "12", unit: nil, rate: .minute, written: "/min"))
        #expect(TextRules.measure("> 30/s")?.unit == .requestsPerSecond)
        #expect(TextRules.measure("< 5 per second")?.rate == .second)
        #expect(TextRules.measure("40 per minute")?.rate == .minute)
        #expect(TextRules.measure("8 errors/sec")?.rate == .second)
        #expect(TextRules.measure("850 rps")?.unit == .requestsPerSecond)
        #expect(TextRules.measure("250ms")?.rate == nil)
        #expect(Rate.basis(ofUnit: "ms") == nil)
        #expect(Rate.written(12.0 / 60) == "0.2")
        #expect(Rate.written(.infinity) == nil)
    }

    @Test func aPerMinuteMetricIsACountAndItsRulesFollowIt() {
        let result = Self.convert(Self.plan(metrics: "| Checkout Errors | 4/min | < 10/min | > 12/min |", extra: """
        ## Rollback triggers
        - Checkout errors > 12/min for 5 minutes
        - Checkout errors > 1/s for 1 minute
        """))
        #expect(result.yaml.contains("""
              - name: checkout_errors
                # per minute ("/min"): the format has no such unit; feed it counts per minute, e.g. log: with count: and window: 1m
                baseline: 4
                success: "< 10"
                alert: "> 12"

            """))
        #expect(result.yaml.contains("  - checkout_errors > 12 for 5m\n  - checkout_errors > 60 for 1m\n"))
        #expect(result.assumptions.contains { $0.line == 9 && $0.message.contains("read as a count per minute") })
        #expect(result.assumptions.contains { $0.line == 15 && $0.message.contains("converted to 60 per minute") })
        #expect(Self.errors(result).isEmpty, "\(Self.errors(result))")
    }

    @Test func aPerSecondMetricIsInRpsAndAPerMinuteRuleIsConverted() {
        let result = Self.convert(Self.plan(metrics: "| Postings | 900 per second | > 700/s | < 400/s |", extra: """
        ## Rollback triggers
        - Postings < 300 per second for 5 minutes
        - Postings below 6000/min for 10 minutes
        """))
        #expect(result.yaml.contains("  - name: postings\n    unit: rps\n    baseline: 900\n"))
        #expect(result.yaml.contains("  - postings < 300rps for 5m\n  - postings < 100rps for 10m\n"))
        #expect(result.assumptions.contains { $0.line == 15 && $0.message.contains("6000/min divided by 60") })
        #expect(Self.errors(result).isEmpty, "\(Self.errors(result))")
    }

    @Test func aRateCannotBoundAMetricMeasuredInTime() {
        let result = Self.convert(Self.plan(extra: "## Rollback triggers\n- Error rate > 3/min for 5 minutes\n"))
        #expect(result.unmapped.contains { $0.line == 14 && $0.message.contains("3/min is a rate, but error_rate is measured in '%'") })
    }

    // MARK: the written file

    @Test(arguments: ["", "# Nothing", "no newline at the end", Self.plan(extra: "- an item"), Self.plan(extra: "tail\n\n\n")])
    func everythingWrittenEndsWithOneNewline(_ markdown: String) {
        let result = Self.convert(markdown)
        #expect(result.yaml.hasSuffix("\n") && !result.yaml.hasSuffix("\n\n"))
        #expect(result.report.hasSuffix("\n") && !result.report.hasSuffix("\n\n"))
    }

    // MARK: every line accounted for

    @Test func everyListItemRowAndKeyValueLineIsMappedOrReported() {
        let result = Self.convert(Self.plan(extra: """
        Review board: Tuesdays
        This paragraph explains the release: nobody needs it in the plan.
        **Status:** Approved
        **Prerequisites:**
        - Warm the caches
        3. Call the bank
        * [x] Vendor contract signed
        - [ ] [owner name]
        | Region | Share |
        |---|---|
        | eu | 40% |
        ## Success Metrics, again
        | Metric | Baseline | Success Threshold | Alert Threshold |
        |---|---|---|---|
        | | 2% | < 3% | > 5% |
        | Error Rate | 0.2% | < 1% | > 2% |
        | [Metric name] | ___ | ___ | ___ |
        """))
        let lines = Set(result.unmapped.map(\.line))
        let report = result.unmapped.map(\.description).joined(separator: "\n")
        // 13: key: value; 15: a bold field; 17, 18: a bullet and a numbered item; 21: a table no section takes;
        // 27: a metrics row without a name; 28: a metric already taken.
        #expect(lines.isSuperset(of: [13, 15, 17, 18, 21, 27, 28]), "\(report)")
        // The prose (14), the label (16), the placeholder-only item (20) and row (29) are not called unmapped;
        // the placeholders are in their own list.
        #expect(lines.isDisjoint(with: [14, 16, 20, 29]), "\(report)")
        #expect(result.placeholders.contains { $0.line == 20 } && result.placeholders.contains { $0.line == 29 })
        // An unplaced checkbox is a checklist item, as ever.
        #expect(result.yaml.contains("  pre_launch:\n    - Vendor contract signed  # ticked in the Markdown"))
        #expect(result.unmapped.contains { $0.line == 18 && $0.message.hasPrefix("list item 3 \"Call the bank\" under \"Prerequisites\" not imported") })
    }

    @Test func aTableRowWithoutItsClosingPipeKeepsItsLastCell() {
        let source = SourceLine(line: 3, column: 1, text: "| Error Rate | 0.1% | > 1%")
        #expect(MarkdownTable.cells(of: source)?.map(\.text) == ["Error Rate", "0.1%", "> 1%"])
        #expect(MarkdownTable.cells(of: SourceLine(line: 1, column: 1, text: "|---|---"))  == nil)
    }

    @Test func keyValueLinesAreToldFromProse() {
        #expect(ImportBuilder.isKeyValue("Release owner: Dana Kim"))
        #expect(ImportBuilder.isKeyValue("Notes: the DBA is in Lisbon"))
        #expect(!ImportBuilder.isKeyValue("This paragraph explains the release: nobody needs it."))
        #expect(!ImportBuilder.isKeyValue("See https://example.com"))
    }
}

/// The looser ways teams write the same things: read, or reported, never lost.
@Suite("Import reads loose plans")
struct ImportLoosePlanTests {
    static func convert(_ markdown: String) -> ImportResult {
        MarkdownImporter.convert(markdown: markdown, file: "plan.md")
    }

    @Test func columnsAndCellsNothingReadsAreReported() {
        let result = Self.convert("""
        # Deployment Plan: billing-api 2.1.0
        ## Success Metrics
        | Metric | Baseline | Success | Alert | Dashboard
        |---|---|---|---|---|
        | Error Rate | 0.1% | < 0.5% | > 1% | grafana/billing | spare
        | Latency | 90ms | < 200ms | > 400ms |
        """)
        #expect(result.yaml.contains("  - name: latency\n    unit: ms\n"), "the row without a closing pipe is read")
        #expect(result.unmapped.contains { $0.line == 3 && $0.message.hasPrefix("column \"Dashboard\"") })
        #expect(result.unmapped.contains { $0.line == 5 && $0.message.hasPrefix("cell \"spare\" past the last column") })
    }

    @Test func overviewFactsWithoutBoldAreRead() {
        let result = Self.convert("# Release Plan: checkout-web 5.2.0\n\nOwner: Mateo Rossi\nRisk level: high\n")
        #expect(result.yaml.contains("  owner: Mateo Rossi\n"))
        #expect(result.yaml.contains("  risk: high\n"))
        #expect(!result.unmapped.contains { $0.line == 3 || $0.line == 4 })
    }

    @Test func aNumberedListUnderGoNoGoIsAChecklistThatBlocksPromotion() {
        let result = Self.convert("# Release Plan: checkout-web 5.2.0\n## Go/No-Go\n1. Dashboards linked\n- [x] Freeze merged\n")
        #expect(result.yaml.contains("""
              launch_day:
                - text: Dashboards linked
                  blocks_promotion: true
                - text: Freeze merged  # ticked in the Markdown; tick it again in warroom
                  blocks_promotion: true

            """))
    }

    @Test func commsAndAnUpdatesLineWithoutAColonAreRead() {
        let result = Self.convert("# Release Plan: checkout-web 5.2.0\n## Comms\n- Channel: #checkout\n- Updates every 20 minutes\n- Status page: if customers notice\n")
        #expect(result.yaml.contains("communication:\n  channel: \"#checkout\"\n  cadence: 20m\n"))
        #expect(result.unmapped.contains { $0.line == 5 && $0.message.contains("\"Status page: if customers notice\" under \"Comms\" not imported") })
    }

    @Test func aNumberedListUnderAPlainRolloutHeadingIsStagesWhenItNamesTraffic() {
        let result = Self.convert("# Release Plan: checkout-web 5.2.0\n## Rollout\n1. Canary - 5% for 1 hour\n2. Everyone - 100%\n")
        #expect(result.yaml.contains("stages:\n  # from \"Rollout\" list, line 3\n  - name: Canary\n    traffic: 5%\n    min_duration: 1h\n  - name: Everyone\n    traffic: 100%\n"))
    }

    @Test func perMinuteCellsBesidePerSecondOnesAreConvertedToRps() {
        let result = Self.convert("""
        # Release Plan: api 1.0.0
        | Metric | Baseline | Success | Alert |
        |---|---|---|---|
        | Requests | 600/min | > 5/s | < 2/s |
        """)
        #expect(result.yaml.contains("  - name: requests\n    unit: rps\n    baseline: 10\n    success: \"> 5\"\n    alert: \"< 2\"\n"))
        #expect(result.assumptions.contains { $0.line == 4 && $0.message.contains("divided by 60 into rps") })
    }
}
