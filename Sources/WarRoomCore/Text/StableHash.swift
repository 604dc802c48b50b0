/// FNV-1a 64 of a text's UTF-8: the same on every run, build and machine, unlike `hashValue` (seeded per process).
/// For names and keys that must agree between war rooms and runs, never for security.
public enum StableHash {
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
