import AsyncHTTPClient
import Foundation
import NIOCore

/// Makes GETs with one deadline for the whole exchange and an optional bearer token; no cache, no cookies,
/// no redirects.
///
/// Redirects are not followed: a health check reports what its own URL answers, and a token is never carried
/// on to another host. Built on AsyncHTTPClient (SwiftNIO, TLS by BoringSSL through swift-nio-ssl) rather than
/// URLSession, whose Linux implementation loads libcurl and some thirty libraries with it into every war room,
/// whether or not its plan makes a request: 6 MB of memory.
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
        let prepared = request, timeout = timeout, host = url.displayed
        // Whichever ends first wins; cancelling the exchange cancels its request.
        return await withTaskGroup(of: Result<HTTPResponse, HTTPFailure>?.self) { group in
            group.addTask {
                do {
                    let response = try await Self.shared.execute(prepared, timeout: .nanoseconds(Int64(timeout * 1e9)))
                    let body = try await response.body.collect(upTo: Self.largestBody)
                    return .success(HTTPResponse(status: Int(response.status.code), body: Data(body.readableBytesView)))
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
