import Foundation
@testable import PatchBayCore

/// Helpers shared by the verification suites.
enum TestWebhook {
    /// The instant `seconds` after the Unix epoch.
    static func at(_ seconds: Double) -> Date {
        Date(timeIntervalSince1970: seconds)
    }

    /// A delivery with text body and headers as given.
    static func request(
        method: String = "POST", url: String = "https://bridge.example.com/hooks/source",
        headers: [(String, String)] = [], body: String = ""
    ) -> WebhookRequest {
        WebhookRequest(
            method: method, url: url,
            headers: WebhookHeaders(headers.map { (name: $0.0, value: $0.1) }),
            body: Array(body.utf8)
        )
    }

    /// Secrets from text, one per element.
    static func secrets(_ texts: String...) -> [[UInt8]] {
        texts.map { Array($0.utf8) }
    }
}

extension WebhookVerifier {
    /// The failure verifying `request` at `now` gives, or `nil` when it passes.
    func failure(_ request: WebhookRequest, now: Date) -> VerificationFailure? {
        do {
            try verify(request, now: now)
            return nil
        } catch {
            return error
        }
    }
}

extension WebhookRequest {
    /// This request with its body replaced.
    func withBody(_ text: String) -> WebhookRequest {
        var copy = self
        copy.body = Array(text.utf8)
        return copy
    }

    /// This request with the header `name` (any case) set to `value` only.
    func withHeader(_ name: String, _ value: String) -> WebhookRequest {
        var copy = self
        copy.headers = WebhookHeaders(headers.fields.filter { $0.name.lowercased() != name.lowercased() } + [(name: name, value: value)])
        return copy
    }

    /// This request without the header `name` (any case).
    func withoutHeader(_ name: String) -> WebhookRequest {
        var copy = self
        copy.headers = WebhookHeaders(headers.fields.filter { $0.name.lowercased() != name.lowercased() })
        return copy
    }

    /// This request with a second copy of the header `name`.
    func withRepeatedHeader(_ name: String) -> WebhookRequest {
        var copy = self
        for value in headers.values(name) { copy.headers.append(name: name, value: value) }
        return copy
    }
}
