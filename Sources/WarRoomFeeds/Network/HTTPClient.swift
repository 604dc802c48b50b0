import AsyncHTTPClient
import Foundation
import NIOCore

/// Makes GETs (with an optional bearer token) and POSTs (a notice) with one deadline for the whole exchange; no cache,
/// no cookies, no redirects.
///
/// Redirects are not followed: a health check reports what its own URL answers, and a token, or a notice whose URL
/// is itself the secret (a Slack webhook's), is never carried on to another host. Built on AsyncHTTPClient (SwiftNIO,
/// TLS by BoringSSL through swift-nio-ssl) rather than URLSession, whose Linux implementation loads libcurl and some
/// thirty libraries with it into every war room, whether or not its plan makes a request: 6 MB of memory.
final class HTTPClient: Sendable {
    let timeout: TimeInterval

    init(timeout: TimeInterval) { self.timeout = timeout }

    /// One client for the process, its connections pooled per host; its event loop threads start on the first
    /// request. A refused connection fails that request at once instead of being retried until its deadline: the
    /// feed asks again on its next poll, and the person sees why meanwhile. A plan's Prometheus queries go side by
    /// side, each on its own connection, so a slow server costs one timeout for all of them, not one each.
    private static let shared: AsyncHTTPClient.HTTPClient = {
        var configuration = AsyncHTTPClient.HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return AsyncHTTPClient.HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The most of a body read: a Prometheus range query of a day is a few megabytes.
    static let largestBody = 64 << 20

    /// The status and body, or why there was no answer within `timeout` (connecting, sending and reading the
    /// whole body). The token goes only into the request header.
    func get(_ url: URL, bearerToken: String? = nil) async -> Result<HTTPResponse, HTTPFailure> {
        var request = HTTPClientRequest(url: url.absoluteString)
        if let bearerToken { request.headers.add(name: "Authorization", value: "Bearer \(bearerToken)") }
        return await exchange(request, host: url.displayed, keepingAtMost: Self.largestBody)
    }

    /// The most of an answer to a POST kept: enough for any service's words about it; the rest is not read.
    static let largestPostAnswer = 64 << 10

    /// Posts `body` with `headers`, within the same one deadline, and gives the status, the answer's start and its
    /// headers (a 429's `Retry-After`). `host` names the server in a failure: a caller whose URL is a secret passes
    /// its host alone.
    func post(_ url: URL, headers: [(name: String, value: String)], body: Data, host: String) async -> Result<HTTPResponse, HTTPFailure> {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return await exchange(request, host: host, keepingAtMost: Self.largestPostAnswer)
    }

    /// One exchange under one deadline: whichever ends first, the exchange or the deadline, wins; cancelling the
    /// exchange cancels its request. Of the answer's body, at most `limit` bytes are kept; a GET fails past it (a
    /// cut Prometheus answer is no answer), a POST's answer is read no further.
    private func exchange(_ request: HTTPClientRequest, host: String, keepingAtMost limit: Int) async -> Result<HTTPResponse, HTTPFailure> {
        let timeout = timeout, isPost = request.method == .POST
        return await withTaskGroup(of: Result<HTTPResponse, HTTPFailure>?.self) { group in
            group.addTask {
                do {
                    let response = try await Self.shared.execute(request, timeout: .nanoseconds(Int64(timeout * 1e9)))
                    var headers: [String: String] = [:]
                    for (name, value) in response.headers {
                        let key = name.lowercased()
                        headers[key] = headers[key].map { $0 + ", " + value } ?? value
                    }
                    let body: Data
                    if isPost {
                        var kept = Data()
                        for try await chunk in response.body {
                            kept.append(contentsOf: chunk.readableBytesView.prefix(limit - kept.count))
                            if kept.count >= limit { break }
                        }
                        body = kept
                    } else {
                        body = Data(try await response.body.collect(upTo: limit).readableBytesView)
                    }
                    return .success(HTTPResponse(status: Int(response.status.code), body: body, headers: headers))
                } catch {
                    return .failure(HTTPFailure(error, host: host, timeout: timeout))
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(.timedOut(after: timeout))
        }
    }
}
