/// Curses colour-pair numbers, handed out lazily to the (foreground, background) combinations
/// actually drawn, since terminals offer few pairs and most combinations never occur.
public struct ColorPairTable: Sendable {
    /// How many pairs the terminal offers (curses' COLOR_PAIRS), pair 0 included.
    public let capacity: Int
    private var numbers: [ColorPair: Int16] = [:]

    public init(capacity: Int) {
        self.capacity = min(max(capacity, 1), Int(Int16.max))
    }

    /// Pairs allocated so far, not counting the default pair 0.
    public var count: Int { numbers.count }

    /// The pair number for `colors`; `isNew` tells the caller to `init_pair` it before use.
    /// The default colours are pair 0. When the table is full the default is returned too,
    /// so text stays readable (its attributes still carry meaning) instead of taking the wrong colour.
    public mutating func number(for colors: ColorPair) -> (number: Int16, isNew: Bool) {
        if colors == .terminalDefault { return (0, false) }
        if let number = numbers[colors] { return (number, false) }
        guard numbers.count + 1 < capacity else { return (0, false) }
        let number = Int16(numbers.count + 1)
        numbers[colors] = number
        return (number, true)
    }
}
