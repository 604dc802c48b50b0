import WarRoomCore

extension DialogView {
    /// Lines of the composer around its editor: the line above it, the two rules, the answer line.
    static let composerChrome = 4
    /// The fewest rows the editor shows where the screen has them, so a short draft still leaves room to write.
    static let composerLeastRows = 8

    /// The editor's width and rows in the composer drawn in `area`: as tall as its text and a row to write on, at
    /// least ``composerLeastRows``, at most what the screen holds. The keys that move by rows use the same.
    public static func composerViewport(in area: Rect, editor: TextArea) -> (width: Int, rows: Int) {
        let width = max(2, contentWidth(in: area))
        let most = max(1, area.height - 4 - composerChrome)
        return (width, min(most, max(composerLeastRows, editor.rowCount(width: width) + 1)))
    }

    /// The composer: a line on what the text is, the editor between two rules that count the rows out of sight, and
    /// the keys.
    func composerContent(_ composer: UpdateComposer, area: Rect) -> Content {
        let (width, rows) = Self.composerViewport(in: area, editor: composer.editor)
        let view = composer.editor.view(width: width, rows: rows)
        func rule(_ words: String?) -> (String, Style) {
            let lead = words.map { "── \($0) " } ?? ""
            return (lead + String(repeating: "─", count: max(0, width - TextWidth.columns(of: lead))), Theme.label)
        }
        var lines: [(String, Style)] = [(Text.fit("Drafted from the war room when you pressed u: edit it as you like.", width), Theme.label)]
        lines.append(rule(view.above > 0 ? "↑ \(view.above) more" : nil))
        lines += view.rows.map { ($0, Style.plain) }
        lines += Array(repeating: ("", Style.plain), count: max(0, rows - view.rows.count))
        lines.append(rule(view.below > 0 ? "↓ \(view.below) more" : nil))
        lines.append(("Tab to post (shows where it goes)    Enter new line    Esc cancel", Theme.label))
        let cursor = (line: 2 + view.cursor.row, column: view.cursor.column, width: view.cursor.width)
        return Content("Status update", lines, cursor: cursor)
    }

    /// The post confirmation: what is posted, every place it goes (the journal; each notify target that hears of
    /// updates, and whether it is sent), the two extras and whether each is on, and the keys.
    func postLines(_ composer: UpdateComposer, copy: Bool, writeToFile: Bool, width: Int) -> [(String, Style)] {
        let text = composer.text
        let count = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
        let headline = StatusUpdate(text: text).headline
        var lines: [(String, Style)] = [("Post this status update (\(count) line\(count == 1 ? "" : "s"))?", Style(bold: true)),
                                        ("“" + Text.fit(headline, width - 2) + "”", .plain), ("", .plain),
                                        ("It goes to:", Style(bold: true)),
                                        ("✓ the journal: every war room, the replay, the post-mortem", Theme.ok)]
        if state.plan.notify.isEmpty {
            lines.append(("  no notify targets in the plan (notify:), so nowhere else", Theme.label))
        }
        // Whether notices leave is one answer for every target: each says what it means for it, the reason once.
        let sent = state.noticesSent
        let hearing = state.plan.notify.filter { $0.wants(.updatePosted) }
        for target in state.plan.notify {
            let name = "\(target.name) (\(target.destination.service)): "
            guard target.wants(.updatePosted) else {
                lines += indented(name + "not told of updates (its events leave out update_posted)", width: width, Theme.label,
                                  marker: "– ")
                continue
            }
            switch sent {
            case .sent: lines += indented(name + "will send", width: width, Theme.ok, marker: "✓ ")
            case .withheld: lines += indented(name + "shown only, not sent", width: width, Theme.warn, marker: "• ")
            case .unknown: lines += indented(name + "sent or not, as the evaluating war room runs", width: width, Theme.warn, marker: "? ")
            }
        }
        switch sent {
        case .withheld(let reason) where !hearing.isEmpty: lines += indented(Self.sentence(reason), width: width, Theme.warn)
        case .unknown(let words) where !hearing.isEmpty: lines += indented(Self.sentence(words), width: width, Theme.warn)
        case .sent, .withheld, .unknown: break
        }
        lines += [("", .plain), ("Also, when turned on (off until you do):", .plain),
                  ((copy ? "[x]" : "[ ]") + " c  copy it to the clipboard, through the terminal", copy ? Style(bold: true) : .plain)]
        lines += indented("append it to " + state.updatesFile, width: width, writeToFile ? Style(bold: true) : .plain,
                          marker: (writeToFile ? "[x]" : "[ ]") + " w  ")
        lines += [("", .plain), ("Enter post    c copy    w file    Esc back to editing", Theme.label)]
        return lines
    }

    /// `not sent: the plan…` as a sentence: `Not sent: the plan….`
    static func sentence(_ words: String) -> String {
        (words.first.map { String($0).uppercased() + words.dropFirst() } ?? "") + (words.hasSuffix(".") ? "" : ".")
    }

    /// `text` wrapped to `width` after `marker`, its later lines under the first's text.
    func indented(_ text: String, width: Int, _ style: Style, marker: String = "  ") -> [(String, Style)] {
        let indent = TextWidth.columns(of: marker)
        return Text.wrap(text, max(10, width - indent)).enumerated().map { index, part in
            ((index == 0 ? marker : String(repeating: " ", count: indent)) + part, style)
        }
    }
}
