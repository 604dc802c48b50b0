/// Which warroom this is: what `warroom --version` prints and every export names as its writer, so a
/// post-mortem read months later says which program (and which escaping, which analysis) made it.
public enum WarroomVersion {
    /// Bumped by hand at a release; the one place the version is spelt.
    public static let current = "0.1.0"

    /// `warroom 0.1.0`: how an export names its writer.
    public static var writer: String { "warroom " + current }
}
