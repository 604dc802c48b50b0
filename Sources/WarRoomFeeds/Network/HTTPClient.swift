import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Makes GETs with one deadline for the whole exchange and an optional bearer token; no cache, no cookies,
/// no redirects.
///
/// Redirects are not followed: a health check reports what its own URL answers, and a token is never carried
/// on to another host.
final class HTTPClient: Sendable {
    let timeout: TimeInterval
    private let session: URLSession

    init(timeout: TimeInterval) {
        let configuration = URLSessionConfiguration.ephemeral
        // Only a backstop: on Linux URLSession truncates the timeout to whole seconds (0.5 s fails at once) and
        // ignores the resource timeout, so `get` enforces the deadline itself.
        configuration.timeoutIntervalForRequest = timeout.rounded(.up) + 1
        configuration.timeoutIntervalForResource = timeout.rounded(.up) + 1
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieStorage = nil
        self.timeout = timeout
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    // A session keeps its delegate (and its connections) until it is invalidated.
    deinit { session.invalidateAndCancel() }

    /// The status and body, or why there was no answer within `timeout` (connecting, sending and reading the
    /// whole body). The token goes only into the request header.
    func get(_ url: URL, bearerToken: String? = nil) async -> Result<HTTPResponse, HTTPFailure> {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                 timeoutInterval: timeout.rounded(.up) + 1)
        if let bearerToken { request.setValue("Bearer \(bearerToken)", forHTTPHeaderField: "Authorization") }
        let prepared = request, timeout = timeout
        // Whichever ends first wins; cancelling the exchange cancels its URLSession task.
        return await withTaskGroup(of: Result<HTTPResponse, HTTPFailure>?.self) { group in
            group.addTask { await self.exchange(prepared) }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(.timedOut(after: timeout))
        }
    }

    private func exchange(_ request: URLRequest) async -> Result<HTTPResponse, HTTPFailure> {
        let url = request.url!
        do {
            let (body, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return .failure(.other("the answer is not HTTP")) }
            return .success(HTTPResponse(status: http.statusCode, body: body))
        } catch {
            return .failure(HTTPFailure(error, host: url.displayed, timeout: timeout))
        }
    }
}

/// Answers every redirect with "don't", so the 3xx itself comes back as the response.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
