import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 at an ephemeral port, for tests. Each request is recorded, with its body (read
/// to its `Content-Length`), and answered by the current handler, with any headers it chooses, or left unanswered (to
/// exercise timeouts). One thread accepts and answers in turn; every
/// connection is closed after one answer.
public final class LocalHTTPServer: Sendable {
    public struct Request: Sendable, Hashable {
        public var method: String
        /// The request target as sent: path and still-encoded query.
        public var target: String
        /// Header names lower-cased.
        public var headers: [String: String]
        /// The body, as long as its `Content-Length` says; empty without one.
        public var body: Data = Data()

        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        public var path: String { String(target.prefix { $0 != "?" }) }

        /// Query parameters, percent-decoded (a `+` stays a `+`).
        public var query: [String: String] {
            let items = URLComponents(string: "http://127.0.0.1" + target)?.queryItems ?? []
            return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        }
    }

    public enum Reply: Sendable {
        case respond(status: Int, body: String, contentType: String = "text/plain", headers: [String: String] = [:])
        /// Accept the connection, read the request, never answer.
        case silence
    }

    public typealias Handler = @Sendable (Request) -> Reply

    public let port: UInt16
    private let shared: Shared

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, oldest first.
    public var requests: [Request] { shared.state.withLock { $0.requests } }

    public init(handler: @escaping Handler) throws {
        let listener = try Self.boundSocket()
        guard listen(listener, 64) == 0 else {
            close(listener)
            throw POSIXError(.init(rawValue: errno) ?? .EIO)
        }
        port = Self.port(of: listener)
        shared = Shared(listener: listener, handler: handler)
        let shared = self.shared
        Thread.detachNewThread { shared.serve() }
    }

    /// Answers every request with `status` and `body`.
    public convenience init(status: Int = 200, body: String = "") throws {
        try self.init { _ in .respond(status: status, body: body) }
    }

    /// Replaces how the following requests are answered.
    public func answer(with handler: @escaping Handler) {
        shared.state.withLock { $0.handler = handler }
    }

    /// Stops accepting, waits for the serving thread, closes every socket. Called again (or by deinit) it does nothing.
    public func stop() { shared.stop() }

    deinit { shared.stop() }

    /// A port nothing listens on, held by a bound socket so no one else takes it while the test runs: connecting to
    /// it is refused. Close the returned descriptor when done.
    public static func refusingPort() throws -> (port: UInt16, descriptor: Int32) {
        let socket = try boundSocket()
        return (port(of: socket), socket)
    }

    /// A port that was free a moment ago, for a child process to listen on.
    public static func freePort() throws -> UInt16 {
        let socket = try boundSocket()
        defer { close(socket) }
        return port(of: socket)
    }

    private static func boundSocket() throws -> Int32 {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw POSIXError(.init(rawValue: code) ?? .EIO)
        }
        return descriptor
    }

    private static func port(of descriptor: Int32) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }
}

/// What the serving thread and the test share.
private final class Shared: Sendable {
    struct State {
        var handler: LocalHTTPServer.Handler
        var requests: [LocalHTTPServer.Request] = []
        /// Connections held open without an answer; closed on stop.
        var silent: [Int32] = []
        var stopping = false
    }

    let listener: Int32
    let state: Mutex<State>
    private let finished = DispatchSemaphore(value: 0)

    init(listener: Int32, handler: @escaping LocalHTTPServer.Handler) {
        self.listener = listener
        self.state = Mutex(State(handler: handler))
    }

    func serve() {
        defer { finished.signal() }
        while !state.withLock({ $0.stopping }) {
            // Wake every 50 ms to notice a stop; accept only when a connection is waiting.
            var waiting = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&waiting, 1, 50) > 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            handle(connection)
        }
    }

    func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        _ = finished.wait(timeout: .now() + 5)
        let silent = state.withLock { state -> [Int32] in
            defer { state.silent = [] }
            return state.silent
        }
        silent.forEach { _ = close($0) }
        close(listener)
    }

    private func handle(_ connection: Int32) {
        // A client that sends half a request must not stall the server.
        var limit = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard let request = Self.readRequest(connection) else {
            close(connection)
            return
        }
        let reply = state.withLock { state -> LocalHTTPServer.Reply in
            state.requests.append(request)
            return state.handler(request)
        }
        switch reply {
        case .silence:
            state.withLock { $0.silent.append(connection) }
        case .respond(let status, let body, let contentType, let headers):
            let bytes = Array(body.utf8)
            let extra = headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\r\n" }.joined()
            let head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\n" + extra
                + "Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
            Self.write(Array(head.utf8) + bytes, to: connection)
            close(connection)
        }
    }

    /// The most of a body read.
    private static let largestBody = 4 << 20

    private static func readRequest(_ connection: Int32) -> LocalHTTPServer.Request? {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        func receive() -> Bool {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            received += chunk[0..<count]
            return true
        }
        while received.count < 65536 {
            guard receive() else { return nil }
            guard let headEnd = received.firstRange(of: end) else { continue }
            let lines = String(decoding: received[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count == 3 else { return nil }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = min(Int(headers["content-length"] ?? "") ?? 0, largestBody)
            while received.count - headEnd.upperBound < length {
                guard receive() else { return nil }
            }
            let body = Data(received[headEnd.upperBound..<(headEnd.upperBound + length)])
            return LocalHTTPServer.Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
        }
        return nil
    }

    private static func write(_ bytes: [UInt8], to connection: Int32) {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, flags) }
            guard count > 0 else { return }
            sent += count
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 202: "Accepted"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
