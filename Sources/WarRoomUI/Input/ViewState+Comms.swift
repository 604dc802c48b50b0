import WarRoomCore

extension ViewState {
    /// `u`: the composer, opened on a draft of the war room as it is now.
    mutating func openComposer(state: AppState) {
        var composer = UpdateComposer(draft: state.statusUpdateDraft)
        let viewport = composerViewport(composer.editor)
        composer.editor.scrollToCursor(width: viewport.width, rows: viewport.rows)
        modal = .composeUpdate(composer)
    }

    /// The editor's size in the composer as the screen last drawn would show it.
    private func composerViewport(_ editor: TextArea) -> (width: Int, rows: Int) {
        DialogView.composerViewport(in: Rect(x: 0, y: 0, width: screenWidth, height: screenHeight), editor: editor)
    }

    /// Every key edits the text, except Tab, which goes on to where the update goes (an empty one is refused there
    /// and then), and Esc, which leaves: at once when nothing was typed, else after asking.
    mutating func compose(_ composer: UpdateComposer, key: Key, state: AppState) {
        var composer = composer
        switch key {
        case .tab:
            if let refusal = state.refusal(of: .postUpdate(StatusUpdate(text: composer.text))) {
                flash = refusal.words
                return
            }
            flash = nil
            modal = .confirmPostUpdate(composer, copy: false, writeToFile: false)
        case .escape:
            if composer.isEdited {
                modal = .confirmDiscardUpdate(composer)
            } else {
                modal = nil
                flash = "No status update posted."
            }
        default:
            let viewport = composerViewport(composer.editor)
            let typed = key == .enter || { if case .character = key { true } else { false } }()
            if !composer.editor.handle(key, width: viewport.width, rows: viewport.rows), typed {
                flash = "The update is at its longest (\(TextArea.capacity) characters)."
            }
            let after = composerViewport(composer.editor)
            composer.editor.scrollToCursor(width: after.width, rows: after.rows)
            modal = .composeUpdate(composer)
        }
    }

    /// `y` discards; any other key goes back to the text, and a letter is typed there: the rest of a paste that held
    /// an ESC lands in the text rather than answering.
    mutating func confirmDiscard(_ composer: UpdateComposer, key: Key, state: AppState) {
        switch key {
        case .character("y"), .character("Y"):
            modal = nil
            flash = "Status update discarded."
        case .character("n"), .character("N"), .escape, .enter, .tab, .backTab:
            modal = .composeUpdate(composer)
        case .character:
            modal = .composeUpdate(composer)
            compose(composer, key: key, state: state)
        case .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .backspace, .delete, .resize, .pasteStart, .pasteEnd:
            break
        }
    }

    /// Enter posts; `c` and `w` turn the clipboard and the updates file on and off; Esc (or Tab again) goes back to
    /// the text, the extras off again. Any other letter goes back to the text and is typed there, so a paste holding a
    /// Tab cannot run on into a post.
    mutating func confirmPost(_ composer: UpdateComposer, copy: Bool, writeToFile: Bool, key: Key, state: AppState) -> [Command] {
        switch key {
        case .enter:
            if let refusal = state.refusal(of: .postUpdate(StatusUpdate(text: composer.text))) {
                flash = refusal.words
                modal = .composeUpdate(composer)
                return []
            }
            modal = nil
            return [.postUpdate(UpdatePost(text: composer.text, copy: copy, writeToFile: writeToFile))]
        case .character("c"), .character("C"):
            modal = .confirmPostUpdate(composer, copy: !copy, writeToFile: writeToFile)
        case .character("w"), .character("W"):
            modal = .confirmPostUpdate(composer, copy: copy, writeToFile: !writeToFile)
        case .escape, .tab, .backTab:
            modal = .composeUpdate(composer)
        case .character:
            modal = .composeUpdate(composer)
            compose(composer, key: key, state: state)
            flash = "Back to editing: Tab shows where the update goes, Enter there posts it."
        case .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .backspace, .delete, .resize, .pasteStart, .pasteEnd:
            break
        }
        return []
    }

    /// ↑ ↓ j k choose an update, Enter reads it whole; Esc, `c` or `q` close.
    mutating func browseComms(selected: Int, key: Key, state: AppState) {
        let updates = state.comms.updates
        switch key {
        case .escape, .character("c"), .character("q"):
            modal = nil
        case .up, .character("k"):
            guard !updates.isEmpty else { return }
            modal = .comms(selected: max(0, selected - 1))
            scrollToChosen(state: state)
        case .down, .character("j"):
            guard !updates.isEmpty else { return }
            modal = .comms(selected: min(updates.count - 1, selected + 1))
            scrollToChosen(state: state)
        case .enter:
            // Newest first, as the view lists them.
            let index = updates.count - 1 - min(selected, updates.count - 1)
            guard updates.indices.contains(index) else { return }
            modal = .readUpdate(updates[index], selected: selected)
        default:
            break
        }
    }
}
