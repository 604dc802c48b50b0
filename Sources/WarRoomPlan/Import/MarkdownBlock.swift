/// One block of a Markdown plan with the headings it sits under: the unit every mapping works on.
struct MarkdownBlock: Sendable {
    /// What kind of list item a line is.
    enum ItemKind: Sendable, Equatable {
        case bullet
        case numbered(Int)
        case checkbox(checked: Bool)
    }

    enum Kind: Sendable {
        case heading(level: Int)
        case item(ItemKind)
        case table(MarkdownTable)
        case text
    }

    var kind: Kind
    /// Heading title, item text or paragraph line, without Markdown markers.
    var text: String
    var line: Int
    var column: Int
    /// Titles of the enclosing headings, outermost first (a heading block includes its own title).
    var headings: [String]
    /// The bold label (`**Automatic Rollback Triggers:**`) the block follows, if any since the last heading.
    var label: String?
    /// `**Key:** value` or `**Key**: value` at the start of the text; read once, since every section asks.
    let field: MarkdownField?

    init(kind: Kind, text: String, line: Int, column: Int, headings: [String], label: String?) {
        self.kind = kind
        self.text = text
        self.line = line
        self.column = column
        self.headings = headings
        self.label = label
        field = MarkdownField(text, column: column)
    }

    /// The nearest title: the label if there is one, else the innermost heading.
    var context: String { label ?? headings.last ?? "" }

    var isTable: Bool { if case .table = kind { true } else { false } }
    var table: MarkdownTable? { if case .table(let table) = kind { table } else { nil } }
    var itemKind: ItemKind? { if case .item(let kind) = kind { kind } else { nil } }
}
