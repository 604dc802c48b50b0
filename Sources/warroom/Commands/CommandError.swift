/// A command that cannot go on, in a sentence that says what to do instead; printed as `Error: …`, exit status 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
