/// A few ASCII key names (`level`, `ts`, …) in one byte buffer, matched against a key read in place from a line, so
/// no String is made to find out a key is not wanted. One flat buffer, not an array of arrays: looking through it
/// retains nothing, and this runs for every key of every logfmt line.
struct ByteKeys: Sendable {
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]

    init(_ names: [String]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for name in names {
            ranges.append(bytes.count..<(bytes.count + name.utf8.count))
            bytes += name.utf8
        }
        self.bytes = bytes
        self.ranges = ranges
    }

    /// Whether `key` is exactly one of the names.
    func contains(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { names in
            ranges.contains { range in range.count == key.count && names[range].elementsEqual(key) }
        }
    }

    /// Whether `key`, as UTF-8, is exactly one of the names.
    func contains(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { contains($0) }
    }

    /// Whether `key` is one of the names (written in lower case), ignoring the case of ASCII letters. Only ASCII
    /// letters need folding: no other character lower-cases to one.
    func contains(ignoringCase key: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { names in
            ranges.contains { range in
                range.count == key.count && zip(names[range], key).allSatisfy { name, byte in
                    name == ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte)
                }
            }
        }
    }
}
