/// Where another attached war room runs: its pid, and the host that pid means something on.
public struct SessionProcess: Sendable, Codable, Hashable {
    public var pid: Int32
    /// The boot and pid namespace (`boot_id:pid:[inode]`); nil in entries from before it was recorded, which are
    /// then never judged gone by their pid.
    public var host: String?

    public init(pid: Int32, host: String?) {
        self.pid = pid
        self.host = host
    }
}
