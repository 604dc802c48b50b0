extension Int {
    /// `value` rounded toward zero and held within Int's range, NaN as `nan`: the conversion for any Double that
    /// came from outside or from arithmetic on it, where `Int(_:)` would trap on an infinity, NaN or 1e308.
    public init(saturating value: Double, nan: Int = 0) {
        if value.isNaN {
            self = nan
        } else if value >= 9.223_372_036_854_775e18 {
            self = .max
        } else if value <= -9.223_372_036_854_775e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
