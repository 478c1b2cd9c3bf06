import Foundation

/// HubSpot signature v3: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256,
/// keyed with the app's client secret, over
/// `method + URI + body + timestamp`, where the timestamp is the
/// `X-HubSpot-Request-Timestamp` header (Unix milliseconds).
///
/// As HubSpot's documentation asks, the percent-escapes of
/// `: / ? @ ! $ ' ( ) * , ;` in the URI are decoded before signing.
public struct HubSpotVerifier: WebhookVerifier {
    static let signatureHeader = "X-HubSpot-Signature-v3"
    static let timestampHeader = "X-HubSpot-Request-Timestamp"

    private let secrets: [[UInt8]]
    private let tolerance: TimestampTolerance
    private let publicURL: PublicURL?

    public init(secrets: [[UInt8]], tolerance: TimestampTolerance = .standard, publicURL: PublicURL? = nil) {
        self.secrets = secrets
        self.tolerance = tolerance
        self.publicURL = publicURL
    }

    public func verify(_ request: Delivery, now: Date) throws(VerificationFailure) {
        let signatureText = try request.headers.single(Self.signatureHeader)
        let timestamp = try request.headers.single(Self.timestampHeader)
        guard let signature = SignatureEncoding.base64.decode(signatureText) else {
            throw .malformedHeader(Self.signatureHeader, reason: "not base64")
        }
        guard let seconds = TimestampUnit.milliseconds.unixSeconds(timestamp) else {
            throw .malformedHeader(Self.timestampHeader, reason: "not a Unix time in milliseconds")
        }
        try tolerance.check(unixSeconds: seconds, now: now)
        let uri = Self.decodingReservedEscapes(publicURL.signedURL(for: request))
        let message = [Array((request.method + uri).utf8), request.body, Array(timestamp.utf8)]
        guard HMACAlgorithm.sha256.matches(anyOf: [signature], message: message, keys: secrets) else {
            throw .signatureMismatch
        }
    }

    /// The escapes HubSpot decodes before signing, and their characters.
    private static let decodedEscapes: [String: String] = [
        "3A": ":", "2F": "/", "3F": "?", "40": "@", "21": "!", "24": "$",
        "27": "'", "28": "(", "29": ")", "2A": "*", "2C": ",", "3B": ";",
    ]

    static func decodingReservedEscapes(_ uri: String) -> String {
        guard uri.contains("%") else { return uri }
        var result = ""
        var rest = Substring(uri)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let code = rest[rest.index(after: percent)...].prefix(2)
            if let character = decodedEscapes[code.uppercased()] {
                result += character
                rest = rest[code.endIndex...]
            } else {
                result += "%"
                rest = rest[rest.index(after: percent)...]
            }
        }
        return result + rest
    }
}
