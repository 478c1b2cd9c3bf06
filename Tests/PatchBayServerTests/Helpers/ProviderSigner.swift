import Crypto
import Foundation
import PatchBayCore
import TestSupport
import Testing

/// Builds deliveries to one shipped source signed the way its provider signs
/// them (see shared/docs/providers.md), each carrying one event that maps to
/// a customer update — and breaks them one way at a time.
struct ProviderSigner: Sendable, CustomTestStringConvertible {
    /// Whose credential signs the delivery.
    enum Credential {
        /// The secret the bridge holds for the source.
        case configured
        /// A different secret of the same kind.
        case wrong
    }

    /// One way to spoil a valid delivery's credential.
    enum Fault: CaseIterable {
        /// The body changed after signing (for Mailgun, whose body is not
        /// signed, the signed token).
        case tamperedBody
        /// The header (or query parameter, or body member) with the credential is absent.
        case missingCredential
        /// The credential cannot be read.
        case malformedCredential
        /// The credential header or parameter sent twice.
        case repeatedCredential
    }

    let source: String
    /// Whether the scheme signs a timestamp (and so refuses stale and future ones).
    let signsTimestamp: Bool
    private let build: @Sendable (_ id: String, _ time: Date, _ credential: Credential, _ publicBase: String) -> HookRequest
    private let spoil: @Sendable (HookRequest, Fault) -> HookRequest?

    var testDescription: String { source }

    /// A delivery of event `id` signed at `time` with `credential`; schemes
    /// that sign the URL sign `publicBase` followed by the target. `id` must
    /// contain `evt`: that is what ``Fault/tamperedBody`` changes.
    func request(id: String, at time: Date = Date(), credential: Credential = .configured, publicBase: String) -> HookRequest {
        build(id, time, credential, publicBase)
    }

    /// `request` spoiled by `fault`; `nil` when the fault does not apply to
    /// the scheme (tampering with a body no signature covers, repeating a
    /// member of a JSON body).
    func applying(_ fault: Fault, to request: HookRequest) -> HookRequest? {
        spoil(request, fault)
    }

    /// A signer whose credential travels in the header `header` and whose
    /// signature covers the body, which tampering changes at the event id.
    private init(
        source: String, header: String, signsTimestamp: Bool,
        build: @escaping @Sendable (String, Date, Credential, String) -> HookRequest
    ) {
        self.source = source
        self.signsTimestamp = signsTimestamp
        self.build = build
        self.spoil = { request, fault in
            switch fault {
            case .tamperedBody: request.replacingInBody("evt", with: "EVT")
            case .missingCredential: request.removingHeader(header)
            case .malformedCredential: request.settingHeader(header, "@@not a signature@@")
            case .repeatedCredential: request.repeatingHeader(header)
            }
        }
    }

    private init(
        source: String, signsTimestamp: Bool,
        build: @escaping @Sendable (String, Date, Credential, String) -> HookRequest,
        spoil: @escaping @Sendable (HookRequest, Fault) -> HookRequest?
    ) {
        self.source = source
        self.signsTimestamp = signsTimestamp
        self.build = build
        self.spoil = spoil
    }

    /// Every shipped source.
    static let all: [ProviderSigner] = [stripe, shopify, twilio, sendGrid, mailchimp, standardWebhooks, typeform, mailgun, hubSpot]

    // MARK: - The providers

    static let stripe = ProviderSigner(source: "stripe", header: "Stripe-Signature", signsTimestamp: true) { id, time, credential, _ in
        let body =
            #"{"id":"\#(id)","object":"event","type":"customer.updated","created":1700000000,"data":{"object":{"id":"cus_\#(id)","object":"customer","email":"\#(id)@example.com"}}}"#
        let signature = ProviderSignatures.stripe(Array(body.utf8), secret: secret("stripe", credential), timestamp: unixSeconds(time))
        return json("stripe", body, [signature.name: signature.value])
    }

    static let shopify = ProviderSigner(source: "shopify", header: "X-Shopify-Hmac-Sha256", signsTimestamp: false) { id, time, credential, _ in
        let body = #"{"id":7064055069,"email":"\#(id)@example.com","first_name":"Bob"}"#
        return signed(
            .hmac(.shopify), "shopify", credential,
            json(
                "shopify", body,
                [
                    "X-Shopify-Topic": "customers/update", "X-Shopify-Event-Id": id,
                    "X-Shopify-Triggered-At": ISO8601DateFormatter().string(from: time),
                ]), at: time, base: "")
    }

    static let twilio = ProviderSigner(source: "twilio", header: "X-Twilio-Signature", signsTimestamp: false) { id, time, credential, base in
        let parameters = [("MessageSid", id), ("From", "+14158675309"), ("To", "+18005551212"), ("Body", "STOP")]
        let request = HookRequest(
            target: "/hooks/twilio", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(formEncoded(parameters).utf8))
        return signed(.twilio(publicURL: nil), "twilio", credential, request, at: time, base: base)
    }

    static let sendGrid = ProviderSigner(
        source: "sendgrid", header: "X-Twilio-Email-Event-Webhook-Signature", signsTimestamp: true
    ) { id, time, credential, _ in
        let timestamp = unixSeconds(time)
        let body = #"[{"email":"\#(id)@example.com","timestamp":\#(timestamp),"event":"unsubscribe","sg_event_id":"\#(id)"}]"#
        let key = credential == .configured ? BridgeHarness.sendGridKey : P256.Signing.PrivateKey()
        return signed(.sendGrid(tolerance: nil), key: key.pemRepresentation, json("sendgrid", body, [:]), at: time, base: "")
    }

    static let mailchimp = ProviderSigner(source: "mailchimp", signsTimestamp: false) { id, _, credential, _ in
        let token = secret("mailchimp", credential)
        let body = formEncoded([
            ("type", "unsubscribe"), ("fired_at", "2024-01-15 10:00:00"), ("data[list_id]", "a6b5da1054"), ("data[email]", "\(id)@example.com"),
        ])
        return HookRequest(
            target: "/hooks/mailchimp?token=" + formEncoded(token), headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(body.utf8))
    } spoil: { request, fault in
        var copy = request
        let path = "/hooks/mailchimp"
        let query = String(request.target.dropFirst(path.count + 1))
        switch fault {
        case .tamperedBody: return nil
        case .missingCredential: copy.target = path
        case .malformedCredential: copy.target = path + "?token=%ZZ"
        case .repeatedCredential: copy.target = path + "?" + query + "&" + query
        }
        return copy
    }

    static let standardWebhooks = ProviderSigner(
        source: "standard-webhooks", header: "webhook-signature", signsTimestamp: true
    ) { id, time, credential, _ in
        let body = #"{"type":"email.unsubscribed","data":{"customerId":"u-\#(id)"}}"#
        let secret = credential == .configured ? BridgeHarness.secret(of: "standard-webhooks") : "whsec_" + Data("another".utf8).base64EncodedString()
        return signed(.standardWebhooks(tolerance: nil), key: secret, json("standard-webhooks", body, ["webhook-id": id]), at: time, base: "")
    }

    static let typeform = ProviderSigner(source: "typeform", header: "Typeform-Signature", signsTimestamp: false) { id, time, credential, _ in
        let body =
            #"{"event_id":"\#(id)","event_type":"form_response","form_response":{"form_id":"lT4Z3j","submitted_at":"2024-01-15T10:00:00Z","answers":[{"type":"email","email":"\#(id)@example.com","field":{"id":"f3","type":"email","ref":"email"}}]}}"#
        return signed(.hmac(.typeform), "typeform", credential, json("typeform", body, [:]), at: time, base: "")
    }

    static let mailgun = ProviderSigner(source: "mailgun", signsTimestamp: true) { id, time, credential, _ in
        let timestamp = unixSeconds(time)
        let token = "token-" + id
        let mac = hmac(SHA256.self, key: secret("mailgun", credential), "\(timestamp)\(token)")
        let body =
            #"{"signature":{"timestamp":"\#(timestamp)","token":"\#(token)","signature":"\#(SignatureEncoding.hex.encode(mac))"},"event-data":{"id":"\#(id)","event":"unsubscribed","timestamp":\#(timestamp),"recipient":"\#(id)@example.com"}}"#
        return json("mailgun", body, [:])
    } spoil: { request, fault in
        switch fault {
        case .tamperedBody: return request.replacingInBody("\"token-", with: "\"TOKEN-")
        case .missingCredential: return request.replacingInBody(#""signature":{"#, with: #""unsigned":{"#)
        case .malformedCredential: return request.replacingInBody(#""signature":""#, with: #""signature":"zz"#)
        // A repeated "signature" member is a duplicate JSON name: a malformed
        // body (400), not a credential problem (see HostileInputBodyTests).
        case .repeatedCredential: return nil
        }
    }

    static let hubSpot = ProviderSigner(source: "hubspot", header: "X-HubSpot-Signature-v3", signsTimestamp: true) { id, time, credential, base in
        let milliseconds = "\(Int64(time.timeIntervalSince1970 * 1000))"
        let body =
            #"[{"eventId":"\#(id)","subscriptionType":"contact.propertyChange","objectId":123,"propertyName":"email","propertyValue":"\#(id)@example.com","occurredAt":\#(milliseconds)}]"#
        return signed(.hubSpot(tolerance: nil, publicURL: nil), "hubspot", credential, json("hubspot", body, [:]), at: time, base: base)
    }

    // MARK: - Helpers

    private static func secret(_ source: String, _ credential: Credential) -> String {
        credential == .configured ? BridgeHarness.secret(of: source) : "not-the-secret"
    }

    /// `request` signed under `scheme` with the source's secret (or another
    /// one), posted to `base` followed by its target; the signers are the
    /// ones `patchbay send` uses.
    private static func signed(
        _ scheme: VerificationSettings.Scheme, _ source: String, _ credential: Credential, _ request: HookRequest, at time: Date, base: String
    ) -> HookRequest {
        signed(scheme, key: secret(source, credential), request, at: time, base: base)
    }

    private static func signed(_ scheme: VerificationSettings.Scheme, key: String, _ request: HookRequest, at time: Date, base: String) -> HookRequest
    {
        let base = base.isEmpty ? "http://127.0.0.1" : base
        let signed = ProviderSignatures.sign(
            scheme, key: key, url: base + request.target, body: request.body, headers: request.headers, at: unixSeconds(time))
        return HookRequest(target: String(signed.url.dropFirst(base.count)), headers: signed.headers.pairs, body: signed.body)
    }

    /// Mailgun's MAC, for the one delivery built here with a token the faults can find.
    private static func hmac<Hash: HashFunction>(_: Hash.Type, key: String, _ message: String) -> [UInt8] {
        Array(HMAC<Hash>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(key.utf8))))
    }

    private static func unixSeconds(_ time: Date) -> Int {
        Int(time.timeIntervalSince1970)
    }

    private static func json(_ source: String, _ body: String, _ headers: [String: String]) -> HookRequest {
        HookRequest(
            target: "/hooks/\(source)",
            headers: [("Content-Type", "application/json")] + headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            body: Array(body.utf8))
    }

    /// `text` percent-encoded for a form or query value (space as `+`).
    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._* ")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!.replacingOccurrences(of: " ", with: "+")
    }

    static func formEncoded(_ pairs: [(String, String)]) -> String {
        pairs.map { formEncoded($0.0) + "=" + formEncoded($0.1) }.joined(separator: "&")
    }
}
