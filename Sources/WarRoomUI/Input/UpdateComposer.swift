import WarRoomCore

/// A status update being written: the text as edited, and the draft it started from, so leaving asks first only when
/// something would be lost.
public struct UpdateComposer: Sendable, Hashable {
    public var editor: TextArea
    /// The draft the composer opened with.
    public let draft: String

    public init(draft: String) {
        self.draft = draft
        editor = TextArea(draft)
    }

    /// Whether leaving would lose anything typed.
    public var isEdited: Bool { editor.text != draft }

    /// What is posted: the text as edited, less the blank lines and spaces it ends with.
    public var text: String {
        var text = editor.text
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
