/// The export's only styling, inline so the file stands alone. Colours follow the Okabe–Ito palette (safe for
/// the common colour-blindnesses) and every state is also written in words; print drops the shading it can.
enum HTMLStyle {
    static let css = """
    :root { --ink: #1d2330; --muted: #5b6475; --line: #d5dae3; --paper: #ffffff; --wash: #f5f7fa;
      --blue: #0072B2; --green: #009E73; --red: #D55E00; --amber: #E69F00; --purple: #6f4e9c; }
    * { box-sizing: border-box; }
    html { background: var(--paper); color: var(--ink); }
    body { margin: 0 auto; max-width: 1080px; padding: 24px 28px 48px;
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
    h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
    h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
    h3 { font-size: 16px; margin: 22px 0 6px; }
    p { margin: 6px 0; }
    .lede { color: var(--muted); margin: 0 0 12px; }
    nav { font-size: 13px; color: var(--muted); margin: 8px 0 0; }
    nav a { color: var(--blue); text-decoration: none; margin-right: 12px; }
    code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
    pre { background: var(--wash); border: 1px solid var(--line); border-radius: 4px; padding: 8px 10px;
      white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0 12px; }
    dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; }
    dl.summary dt { font-weight: 600; color: var(--muted); }
    dl.summary dd { margin: 0; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 14px; }
    th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
    th { background: var(--wash); font-weight: 600; border-bottom: 2px solid var(--line); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.when { white-space: nowrap; font-variant-numeric: tabular-nums; }
    thead { display: table-header-group; }
    table.stages td:first-child { white-space: nowrap; }
    tr { break-inside: avoid; }
    .badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 700;
      letter-spacing: 0.03em; border: 1.5px solid currentColor; white-space: nowrap; }
    .good { color: #00664a; } .bad { color: #a33f00; } .warn { color: #8a5a00; } .quiet { color: var(--muted); }
    .mark { font-weight: 700; font-size: 12px; margin-left: 4px; }
    .mark.breach { color: #a33f00; } .mark.warn { color: #8a5a00; }
    blockquote { margin: 8px 0; padding: 4px 12px; border-left: 4px solid var(--line); color: var(--ink); white-space: pre-wrap; }
    ul.plain { list-style: none; padding-left: 0; }
    ul.checklist li { margin: 2px 0; }
    .tick { font-weight: 700; display: inline-block; width: 1.4em; }
    .note-text, .wrap { white-space: pre-wrap; overflow-wrap: anywhere; }
    figure { margin: 18px 0 8px; break-inside: avoid; }
    figcaption { font-size: 13px; color: var(--muted); margin-top: 2px; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); margin: 2px 0 0; }
    .legend span::before { content: ""; display: inline-block; width: 14px; height: 10px; margin-right: 5px;
      vertical-align: -1px; border: 1px solid transparent; }
    .legend .l-mean::before { height: 0; border-top: 2.5px solid var(--blue); vertical-align: 3px; }
    .legend .l-range::before { background: rgba(0,114,178,0.22); }
    .legend .l-success::before { height: 0; border-top: 2px dashed var(--green); vertical-align: 3px; }
    .legend .l-alert::before { height: 0; border-top: 2px dashed var(--red); vertical-align: 3px; }
    .legend .l-pending::before { background: #f3c866; }
    .legend .l-firing::before { background: #eea276; }
    .legend .l-stage::before { background: #e6ebf2; border-color: #c9d1dd; }
    svg.chart { width: 100%; height: auto; display: block; background: var(--paper); }
    svg.chart text { font-family: system-ui, "DejaVu Sans", sans-serif; font-size: 11px; fill: var(--ink); }
    svg.chart .plot { fill: var(--paper); stroke: var(--line); }
    svg.chart .stage.even { fill: #eef2f7; } svg.chart .stage.odd { fill: #e2e8f0; }
    svg.chart .stage.after { fill: #f7f0ea; }
    svg.chart .stage.tab { stroke: var(--paper); stroke-width: 1; }
    svg.chart .stage-label { font-weight: 600; }
    svg.chart .grid { stroke: #d9dee6; stroke-width: 0.8; }
    svg.chart .axis { stroke: var(--ink); stroke-width: 1; }
    svg.chart .tick { stroke: var(--ink); }
    svg.chart .tick-label { fill: var(--muted); }
    svg.chart .tick-label.value { text-anchor: end; }
    svg.chart .tick-label.time { text-anchor: middle; }
    svg.chart .pending .shade { fill: var(--amber); fill-opacity: 0.12; }
    svg.chart .pending .bar { fill: #f3c866; }
    svg.chart .firing .shade { fill: var(--red); fill-opacity: 0.10; }
    svg.chart .firing .bar { fill: #eea276; }
    svg.chart .bar-label { font-size: 9.5px; font-weight: 700; fill: var(--ink); }
    svg.chart .threshold { stroke-width: 1.6; stroke-dasharray: 7 4; }
    svg.chart .threshold.success { stroke: var(--green); }
    svg.chart .threshold.alert { stroke: var(--red); stroke-dasharray: 3 3; stroke-width: 2; }
    svg.chart .threshold.baseline { stroke: var(--muted); stroke-dasharray: 1 3; }
    svg.chart .threshold-label { text-anchor: end; font-size: 10.5px; font-weight: 600;
      paint-order: stroke; stroke: var(--paper); stroke-width: 3px; }
    svg.chart .threshold-label.success { fill: #00664a; }
    svg.chart .threshold-label.alert { fill: #a33f00; }
    svg.chart .threshold-label.baseline { fill: var(--muted); }
    svg.chart .range { fill: var(--blue); fill-opacity: 0.2; stroke: none; }
    svg.chart .mean { fill: none; stroke: var(--blue); stroke-width: 1.8; stroke-linejoin: round; }
    svg.chart .dot { fill: var(--blue); }
    svg.chart .marker .rule { stroke: var(--purple); stroke-width: 1.5; }
    svg.chart .marker.go .rule { stroke: var(--green); }
    svg.chart .marker.no-go .rule { stroke: var(--amber); }
    svg.chart .marker.rollback .rule { stroke: var(--red); stroke-dasharray: 5 2; stroke-width: 2; }
    svg.chart .marker-label { font-size: 10.5px; font-weight: 700; paint-order: stroke; stroke: var(--paper); stroke-width: 3px; }
    svg.chart .marker-label.end { text-anchor: end; }
    svg.chart .empty { text-anchor: middle; fill: var(--muted); font-size: 13px; }
    ul.updates > li { margin: 10px 0 14px; }
    ul.updates p { margin: 0 0 2px; }
    table.notices { font-size: 13px; }
    table.notices th.notice { width: 22%; } table.notices th.said { width: 33%; }
    table.notices tr.failed td { background: #fbeee6; }
    table.notices blockquote { margin: 6px 0 0; }
    ol.attempts { list-style: none; padding-left: 0; margin: 0; }
    table.timeline { font-size: 13px; }
    table.timeline tr.trigger_firing td, table.timeline tr.rolled_back td { background: #fbeee6; }
    table.timeline tr.trigger_pending td { background: #fdf5e3; }
    table.timeline tr.decision_recorded td { background: #eaf5f0; }
    footer { margin-top: 40px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--line); padding-top: 8px; }
    @media print {
      html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      body { max-width: none; padding: 0; font-size: 11pt; }
      nav { display: none; }
      h2 { break-after: avoid; }
      h3 { break-after: avoid; }
      table { font-size: 9.5pt; }
      @page { margin: 14mm; }
    }
    """
}
