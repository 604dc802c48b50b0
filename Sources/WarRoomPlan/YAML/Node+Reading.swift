import Yams

extension Node {
    /// True for an empty value (`key:`), `~` or `null`.
    var isNull: Bool { null != nil }

    /// How the node is named after "found" in a message.
    var foundDescription: String {
        switch self {
        case .scalar(let scalar): isNull ? "nothing" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// Where the node starts.
    var position: Position? { mark.map(Position.init) }

    /// Where the scalar's text begins: one column past an opening quote, so offsets into the text line up.
    var textPosition: Position? {
        guard let position else { return nil }
        if case .scalar(let scalar) = self, scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            return position.shifted(by: 1)
        }
        return position
    }
}
