/// The names one section of a plan defines, in file order, for references to be checked against: lookups take
/// constant time however many there are, and a hint lists only the first few.
struct KnownNames {
    /// Names listed in a hint before "and N more".
    static let listed = 10

    let names: [String]
    private let firstIndex: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var firstIndex: [String: Int] = [:]
        for (index, name) in names.enumerated() where firstIndex[name] == nil { firstIndex[name] = index }
        self.firstIndex = firstIndex
    }

    var isEmpty: Bool { names.isEmpty }

    func contains(_ name: String) -> Bool { firstIndex[name] != nil }

    /// Where `name` is first defined, to find its entry.
    func index(of name: String) -> Int? { firstIndex[name] }

    /// `a, b, c`, or the first ten and how many more.
    var list: String {
        let shown = names.prefix(Self.listed).joined(separator: ", ")
        return names.count > Self.listed ? shown + " and \(names.count - Self.listed) more" : shown
    }
}
