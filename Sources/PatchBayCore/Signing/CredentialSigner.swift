import Foundation

/// Adds what the senders that sign nothing present: HTTP basic credentials,
/// or a shared token in the query or a header.
struct CredentialSigner: WebhookSigner {
    enum Credential {
        case basic
        case token(SharedTokenVerifier.Location)
    }

    let credential: Credential
    let secret: [UInt8]

    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery {
        var signed = request
        let text = String(decoding: secret, as: UTF8.self)
        switch credential {
        case .basic:
            try signed.headers.set(BasicAuthVerifier.header, "Basic " + SignatureEncoding.base64.encode(secret))
        case .token(.query(let name)):
            let encoded = FormURLEncoded.encode(name) + "=" + FormURLEncoded.encode(text)
            signed.url += (signed.url.contains("?") ? "&" : "?") + encoded
        case .token(.header(let name, let prefix)):
            try signed.headers.set(name, prefix + text)
        }
        return signed
    }
}
