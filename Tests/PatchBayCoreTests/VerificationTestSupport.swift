import Foundation
import HTTPTypes

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
        headers: [(name: String, value: String)] = [], body: String = ""
    ) -> Delivery {
        Delivery(
            method: method, url: url,
            headers: Self.headers(headers),
            body: Array(body.utf8)
        )
    }

    /// Headers from `(name, value)` pairs, in order; each must be a header
    /// an HTTP request can carry as written. (The other test targets have
    /// `HTTPFields(_:)` from TestSupport, which this one does not import: its
    /// database modules' operators would slow down type-checking here.)
    static func headers(_ pairs: [(name: String, value: String)]) -> HTTPFields {
        HTTPFields(pairs.map { try! HTTPField(exactName: $0.name, value: $0.value) })
    }

    /// Secrets from text, one per element.
    static func secrets(_ texts: String...) -> [[UInt8]] {
        texts.map { Array($0.utf8) }
    }
}

extension WebhookVerifier {
    /// The failure verifying `request` at `now` gives, or `nil` when it passes.
    func failure(_ request: Delivery, now: Date) -> VerificationFailure? {
        do {
            try verify(request, now: now)
            return nil
        } catch {
            return error
        }
    }
}

extension Delivery {
    /// This request with its body replaced.
    func withBody(_ text: String) -> Delivery {
        var copy = self
        copy.body = Array(text.utf8)
        return copy
    }

    /// This request with the header `name` (any case) set to `value` only.
    func withHeader(_ name: String, _ value: String) -> Delivery {
        var copy = self
        copy.headers.set(try! HTTPField(exactName: name, value: value))
        return copy
    }

    /// This request without the header `name` (any case).
    func withoutHeader(_ name: String) -> Delivery {
        var copy = self
        copy.headers[HTTPField.Name(name)!] = nil
        return copy
    }

    /// This request with a second copy of the header `name`.
    func withRepeatedHeader(_ name: String) -> Delivery {
        var copy = self
        copy.headers.append(contentsOf: headers[fields: HTTPField.Name(name)!])
        return copy
    }
}
