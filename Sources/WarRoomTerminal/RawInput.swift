/// What `wget_wch` reported, before it is decoded into a `Key`.
public enum RawInput: Sendable, Hashable {
    /// A character code (the call returned OK).
    case character(UInt32)
    /// A curses function-key code such as KEY_UP (the call returned KEY_CODE_YES).
    case functionKey(Int32)
}
