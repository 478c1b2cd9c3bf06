import Foundation
import Synchronization

/// Produces the `Authorization` header for upstream calls: a static bearer token, or a
/// partner-scoped JWT that is cached and signed anew once less than `refreshMargin` of its
/// lifetime remains. Safe to share between tasks.
public final class UpstreamAuthenticator: Sendable {
    private enum Source {
        case fixed(String)
        case signed(PartnerJWT, margin: Int64)
    }

    private let source: Source
    private let now: @Sendable () -> Date
    private let cached = Mutex<(token: String, expiresAt: Int64)?>(nil)

    /// Checks the credentials and prepares signing. `now` is the clock used for `iat`/`exp`.
    public init(credentials: UpstreamCredentials, now: @escaping @Sendable () -> Date = { Date() }) throws(UpstreamAuthError) {
        self.now = now
        switch credentials {
        case .bearerToken(let token):
            guard !token.isEmpty, !token.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw UpstreamAuthError("the upstream bearer token is empty or contains whitespace")
            }
            source = .fixed(token)
        case .partnerJWT(let settings):
            guard !settings.secret.isEmpty else { throw UpstreamAuthError("the upstream JWT secret is empty") }
            guard !settings.partnerId.isEmpty else { throw UpstreamAuthError("the upstream partner id is empty") }
            guard settings.refreshMargin >= .zero, settings.lifetime > settings.refreshMargin else {
                throw UpstreamAuthError("the JWT lifetime must be longer than its refresh margin, which must not be negative")
            }
            source = .signed(PartnerJWT(settings: settings), margin: settings.refreshMargin.components.seconds)
        }
    }

    /// The current token, signing a new one if the cached one is missing or about to expire.
    public func token() -> String {
        switch source {
        case .fixed(let token):
            return token
        case .signed(let jwt, let margin):
            let seconds = Int64(now().timeIntervalSince1970.rounded(.down))
            return cached.withLock { cached in
                if let current = cached, seconds < current.expiresAt - margin { return current.token }
                let fresh = jwt.sign(issuedAt: seconds)
                cached = fresh
                return fresh.token
            }
        }
    }

    /// The `Authorization` header value: `Bearer <token>`.
    public func authorizationHeaderValue() -> String {
        "Bearer \(token())"
    }
}
