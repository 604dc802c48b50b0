/// "Did you mean …?" for a misspelt name: the closest candidate by edit distance, if it is close enough.
enum Suggestion {
    /// Names longer than this, or lists longer than `candidateLimit`, get no suggestion: edit distance costs the
    /// product of the lengths, no one mistypes a name of a hundred characters into another, and a plan with a
    /// thousand names was not written by hand.
    static let lengthLimit = 64
    static let candidateLimit = 1_000

    static func closest(to word: String, in candidates: [String]) -> String? {
        guard word.count <= lengthLimit, candidates.count <= candidateLimit else { return nil }
        let candidates = candidates.filter { $0.count <= lengthLimit }
        // A third of the word may be wrong (at least two edits): catches typos without proposing unrelated names.
        func allowed(_ candidate: String) -> Int { max(2, candidate.count / 3) }
        // Distances past the largest allowance cannot make a suggestion, so no row needs computing beyond it.
        let ceiling = candidates.map(allowed).max() ?? 0
        let lower = Array(word.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let bound = min(ceiling, (best?.distance ?? Int.max) - 1)
            guard let distance = distance(lower, Array(candidate.lowercased()), atMost: bound) else { continue }
            best = (candidate, distance)
        }
        guard let best, best.distance <= allowed(best.candidate), best.distance < best.candidate.count else { return nil }
        return best.candidate
    }

    /// `; did you mean 'x'?` or nothing, ready to append to a message.
    static func didYouMean(_ word: String, in candidates: [String]) -> String {
        closest(to: word, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Levenshtein distance over characters.
    static func distance(_ lhs: String, _ rhs: String) -> Int {
        distance(Array(lhs), Array(rhs), atMost: Int.max)!
    }

    /// The distance when it is at most `limit`, else nil; stops as soon as a whole row exceeds the limit.
    private static func distance(_ a: [Character], _ b: [Character], atMost limit: Int) -> Int? {
        guard limit >= 0, abs(a.count - b.count) <= limit else { return nil }
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            var smallest = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                smallest = min(smallest, current[j])
            }
            if smallest > limit { return nil }
            swap(&previous, &current)
        }
        return previous[b.count] <= limit ? previous[b.count] : nil
    }
}
