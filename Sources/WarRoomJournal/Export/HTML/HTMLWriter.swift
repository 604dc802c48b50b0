/// Builds the HTML export's text. Tags and attribute names are the exporter's own literals; every
/// attribute value and every piece of text goes through ``HTMLText``.
struct HTMLWriter {
    private(set) var output = ""

    init(capacity: Int = 0) { output.reserveCapacity(capacity) }

    /// Markup written by the exporter itself; never untrusted text.
    mutating func raw(_ markup: String) { output += markup }

    mutating func text(_ text: String) { HTMLText.append(text, to: &output) }

    mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        output += "<" + tag
        for (name, value) in attributes {
            output += " " + name + "=\""
            HTMLText.append(value, to: &output)
            output += "\""
        }
        output += ">"
    }

    mutating func close(_ tag: String) { output += "</" + tag + ">" }

    /// `<tag attributes>text</tag>`.
    mutating func element(_ tag: String, _ text: String) { element(tag, [], text) }

    mutating func element(_ tag: String, _ attributes: [(String, String)], _ text: String) {
        open(tag, attributes)
        self.text(text)
        close(tag)
    }

    /// An element with no content: `<line …/>` in SVG.
    mutating func empty(_ tag: String, _ attributes: [(String, String)]) {
        open(tag, attributes)
        output.removeLast()
        output += "/>"
    }
}
