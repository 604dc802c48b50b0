extension StringProtocol {
    /// The text cut to `limit` Unicode scalars, with `…` when cut, for quoting outside text in an error message.
    ///
    /// Counted in scalars, not Characters: one Character can hold any number of combining marks, so a message
    /// cut by Characters would still be as long as the hostile line it quotes.
    func excerpt(_ limit: Int = 40) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            guard kept.count < limit else { return String(kept) + "…" }
            kept.append(scalar)
        }
        return String(kept)
    }
}
