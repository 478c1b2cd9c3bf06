import Foundation

extension VerificationSettings {
    /// Whether the scheme signs with a private key the bridge does not hold
    /// (SendGrid's ECDSA, Ed25519, Amazon SNS's RSA), so that a sender needs
    /// that private key rather than the secret the bridge holds.
    public var signsWithPrivateKey: Bool {
        switch scheme {
        case .sendGrid, .ed25519, .sns: true
        default: false
        }
    }

    /// The signer of these settings: `signingKey` is the secret the bridge
    /// holds (one line of it), or the private key when
    /// ``signsWithPrivateKey`` (PEM or base64). `certificateURL`, for the
    /// `sns` scheme only, is the `SigningCertURL` to sign with: where the
    /// bridge fetches the certificate of the private key, in place of the
    /// one the message names. Fails when either is unusable.
    public func makeSigner(signingKey: [UInt8], certificateURL: String? = nil) throws(SigningFailure) -> any WebhookSigner {
        if certificateURL != nil {
            guard case .sns = scheme else { throw SigningFailure("a signing certificate URL is for the sns scheme only") }
        }
        switch scheme {
        case .none: return UnsignedSender()
        case .stripe: return StripeSigner(secret: signingKey)
        case .standardWebhooks: return try StandardWebhooksSigner(secret: signingKey)
        case .hmac(let configuration): return FormatSigner.hmac(configuration, key: signingKey)
        case .ed25519(let format): return try FormatSigner.ed25519(format, privateKey: signingKey)
        case .jwt(let configuration): return JWTSigner(configuration: configuration, secret: signingKey)
        case .twilio(let publicURL): return TwilioSigner(secret: signingKey, publicURL: publicURL)
        case .plivo(let publicURL): return PlivoSigner(secret: signingKey, publicURL: publicURL)
        case .sendGrid: return SendGridSigner(key: try PrivateKeyText.p256(signingKey))
        case .mailgun: return MailgunSigner(secret: signingKey)
        case .hubSpot(_, let publicURL): return HubSpotSigner(secret: signingKey, publicURL: publicURL)
        case .sns: return try SNSSigner(privateKey: signingKey, certificateURL: certificateURL)
        case .basicAuth:
            guard signingKey.contains(UInt8(ascii: ":")) else { throw SigningFailure("the basic-auth secret is not user:password") }
            return CredentialSigner(credential: .basic, secret: signingKey)
        case .sharedToken(let location): return CredentialSigner(credential: .token(location), secret: signingKey)
        }
    }
}

/// The sender of an unverified source: adds nothing.
struct UnsignedSender: WebhookSigner {
    func sign(_ request: Delivery, at time: Date) throws(SigningFailure) -> Delivery { request }
}
