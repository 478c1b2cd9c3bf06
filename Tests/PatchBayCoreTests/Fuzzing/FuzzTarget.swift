import Foundation

@testable import PatchBayCore

/// The entry points the fuzzers in `Fuzz/` drive, shared with
/// ``FuzzRegressionTests`` so that CI replays every corpus and crasher input
/// without libFuzzer.
///
/// Each target feeds arbitrary bytes to one parser the bridge exposes to
/// hostile (or operator-written) input. Parse errors are expected; a crash,
/// a hang or a returned violation (a broken invariant such as a value that
/// does not read back after serialization) is a bug.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `JSONParser`, then serialization, re-parsing and a few selectors
    /// evaluated over the parsed body.
    case json
    /// `JSONPath(_:)`: the RFC 9535 query parser and its I-Regexp compiler.
    case jsonpath
    /// `FormURLEncoded.pairs` and `.nestedObject`.
    case form
    /// `MultipartFormData`: the input's first line is the `Content-Type`
    /// (its boundary), the rest the body; the fields read must write back
    /// and read again the same.
    case multipart
    /// `Mapping.load`: the mapping file before the first NUL byte, the schema
    /// file it may name after it; then the deliveries of the file's embedded
    /// tests are mapped, and what `serve` would send is checked: no identity
    /// value that is not one (see ``IdentityValue``) — a lookup's fallback and
    /// addresses included —, no update of a failed event.
    case mapping
    /// `IdentityLineReader` over the input's lines (an identity import or
    /// fixture): every record it accepts holds a valid externalId and tenant
    /// and addresses already in their normalized form.
    case identities
    /// `StripeVerifier` (`Stripe-Signature`).
    case stripe
    /// `StandardWebhooksVerifier` (`webhook-*` / `svix-*`), and each header
    /// value read as a `whsec_` secret.
    case standardWebhooks = "standard-webhooks"
    /// `TwilioVerifier` (URL, form parameters, `bodySHA256`), and
    /// `PlivoVerifier` (signature list, nonce, sorted query and form).
    case twilio
    /// `SendGridVerifier` (base64 DER signature), and each header value read
    /// as a base64 DER public key.
    case sendgrid
    /// `MailgunVerifier` (the signature inside the JSON body).
    case mailgun
    /// `HubSpotVerifier` (v3 signature, millisecond timestamp, URI escapes).
    case hubspot
    /// `HMACVerifier` with GitHub's and Typeform's settings and with a
    /// timestamp header and a signed-content template.
    case hmac
    /// `BasicAuthVerifier` and `SharedTokenVerifier` (query and header).
    case credentials
    /// `HMACVerifier` over headers that list entries (``SignatureFormat``
    /// with a separator): Paddle's, Recurly's and Calendly's settings, and
    /// Zendesk's RFC 3339 and Klaviyo's HTTP-date timestamp headers.
    case signatureLists = "signature-lists"
    /// `Ed25519Verifier` with Telnyx's settings and with a hex signature over
    /// the body, and each header value read as a public key.
    case ed25519
    /// `JWTVerifier` (the token's three parts, its claims and hashes) with
    /// MessageBird's and Vonage's settings.
    case jwt
    /// `SNSVerifier`: the SNS message parser (members, types, the string to
    /// sign), the certificate URL rule and the RSA check, with a certificate
    /// made for the seed (signed with python's `cryptography`).
    case sns

    /// Runs the target on `bytes`; returns a description of the broken
    /// invariant, or `nil` when the input was handled (accepted or refused).
    func run(_ bytes: [UInt8]) -> String? {
        switch self {
        case .json: return Self.json(bytes)
        case .jsonpath: return Self.jsonPath(bytes)
        case .form: return Self.form(bytes)
        case .multipart: return Self.multipart(bytes)
        case .mapping: return Self.mapping(bytes)
        case .identities: return Self.identities(bytes)
        default:
            _ = acceptingVerifiers(bytes)
            return nil
        }
    }

    /// Whether the target reads its input as a request for verifiers.
    var readsRequest: Bool {
        switch self {
        case .json, .jsonpath, .form, .multipart, .mapping, .identities: false
        default: true
        }
    }

    /// How many of the target's verifiers accept `bytes` read as a request
    /// (see ``FuzzRequest``); zero for the parser targets.
    func acceptingVerifiers(_ bytes: [UInt8]) -> Int {
        let request = FuzzRequest.parse(bytes)
        return verifiers(given: request).count { (try? $0.verify(request, now: now)) != nil }
    }

    // MARK: Parsers

    /// Selectors evaluated over every parsed body, as mappings do: descendant
    /// segments, filters, functions and regular expressions.
    private static let selectors = [
        "$..*", "$.data.object.email", "$..[?@.type == 'email'].address", "$[?length(@) > 2]",
        "$..[?match(@.email, '[a-z]+@.*') || search(@.name, 'J(o|a)')]", "$[-1:0:-1]", "$..[?count(@.*) >= 1 && value(@.id) != null]",
    ].map { try! JSONPath($0) }

    private static func json(_ bytes: [UInt8]) -> String? {
        guard let value = try? JSONParser().parse(bytes) else { return nil }
        let text = value.serialized()
        guard let again = try? JSONParser().parse(text) else { return "serialized value does not parse: \(text)" }
        guard again == value, again.serialized() == text else { return "serialized value reads back differently: \(text)" }
        for selector in selectors { _ = selector.nodes(value) }
        return nil
    }

    private static func jsonPath(_ bytes: [UInt8]) -> String? {
        let query = String(decoding: bytes, as: UTF8.self)
        guard let path = try? JSONPath(query) else { return nil }
        guard let again = try? JSONPath(path.query), again.isSingular == path.isSingular else {
            return "query does not parse again the same: \(query)"
        }
        return nil
    }

    private static func form(_ bytes: [UInt8]) -> String? {
        let pairs = try? FormURLEncoded.pairs(bytes)
        let nested = try? FormURLEncoded.nestedObject(bytes)
        if nested != nil, pairs == nil { return "nested object decoded from a body whose pairs do not decode" }
        return nil
    }

    private static func multipart(_ bytes: [UInt8]) -> String? {
        let lineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
        let contentType = String(decoding: bytes[..<lineEnd], as: UTF8.self)
        let body = Array(bytes[lineEnd...].dropFirst())
        let object = try? MultipartFormData.object(body, contentType: contentType)
        guard let fields = try? MultipartFormData.fields(body, contentType: contentType) else {
            return object == nil ? nil : "an object read from a body whose fields do not read"
        }
        if object == nil, Set(fields.map(\.name)).count == fields.count { return "distinct fields that make no object" }
        let written = fields.map { (name: $0.name, value: $0.value) }
        guard written.allSatisfy({ MultipartFormData.encodingProblem(name: $0.name, value: $0.value) == nil }) else { return nil }
        let again = try? MultipartFormData.fields(MultipartFormData.encode(written), contentType: BodyFormat.multipart.writtenContentType)
        guard let again, again.map(\.name) == written.map(\.name), again.map(\.value) == written.map(\.value) else {
            return "fields do not read back the same once written: \(written)"
        }
        return nil
    }

    private static func identities(_ bytes: [UInt8]) -> String? {
        var reader = IdentityLineReader()
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            guard let record = try? reader.read(line) else { continue }
            let values = [record.externalId] + [record.tenant].compactMap { $0 }
            if let bad = values.first(where: { IdentityValue.violation(in: $0) != nil }) {
                return "an invalid identity value is accepted: \(JSONValue.string(bad).serialized())"
            }
            if record.addresses.isEmpty { return "a record without an address is accepted" }
            for address in record.addresses where (try? IdentityAddress(address.kind, address.value)) != address {
                return "\(address) does not normalize to itself"
            }
        }
        return nil
    }

    private static func mapping(_ bytes: [UInt8]) -> String? {
        let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
        let schema = Array(bytes[split...].dropFirst())
        guard let mapping = try? Mapping.load(file: "mappings/fuzz.json", contents: Array(bytes[..<split]), readFile: { _ in schema })
        else { return nil }
        for test in mapping.tests {
            guard let events = try? mapping.evaluate(test.delivery) else { continue }
            for event in events {
                if !event.errors.isEmpty, !event.updates.isEmpty { return "a failed event has updates: \(test.name)" }
                // An update found by lookup may be sent to its fallback or, with useValue, to its address.
                let lookupTargets = event.lookups.flatMap { [$0.lookup.fallback].compactMap { $0 } + $0.lookup.addresses.map(\.value) }
                let identities =
                    [event.key, event.tenant].compactMap { $0 } + event.updates.flatMap { [$0.externalId] + [$0.tenant].compactMap { $0 } }
                    + lookupTargets
                if event.errors.isEmpty, let bad = identities.first(where: { IdentityValue.violation(in: $0) != nil }) {
                    return "an invalid identity value is sent: \(JSONValue.string(bad).serialized())"
                }
            }
        }
        return nil
    }

    // MARK: Verifiers

    /// The certificate of the `sns` seed, made with python's `cryptography`
    /// (AWS publishes no test key).
    private static let snsCertificate = """
        -----BEGIN CERTIFICATE-----
        MIICxzCCAa+gAwIBAgIBATANBgkqhkiG9w0BAQsFADAmMSQwIgYDVQQDDBtzbnMu
        dXMtd2VzdC0yLmFtYXpvbmF3cy5jb20wIBcNMjMwMTAxMDAwMDAwWhgPMjEyMjEy
        MDgwMDAwMDBaMCYxJDAiBgNVBAMMG3Nucy51cy13ZXN0LTIuYW1hem9uYXdzLmNv
        bTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAKMi1Y8ImzgbY4LKMhwU
        KWHtbzSQa7vH3NTJMxnnKxJ3gRFVmhyJv70vx2bPxccIG7bXYhjAAMd/MGdkfF1+
        C7XNsN59AGlkgleoD5zDxufVDAYhhhdseZAQSWRpzWPcTuuryhbzvpG7xGyaWU9y
        AaHH0Elt4Jv8ftajDRdLoJ72OInZ+Zg4zzTw6+k+GH4VtF3FeXB5Af14EFygcZkD
        sYCo0GRzTebm6LP7KFygX1HMPsQzFG4kzKKIRjtKqlz197NEE3jjHcU34pZxGHDd
        KdyjJl+EotroMjvrIqqyBVpcMFXSB5fFAT1xd58Jt0Z2xbmBcGh+oTFeVHWf9sNs
        OGsCAwEAATANBgkqhkiG9w0BAQsFAAOCAQEAoA/c3rX5K0No9KlmfyUc2KvqTA7c
        4buNJPKUT4OseEndiCuJp6z6km4BiO0ZfG47BL6j7Cri+wwAwQ3VIXv5wCUWzata
        C6ZjyjepkKUIMzYENjTfLOVaHcP8OF6JmB41cuHxCdgc7TtXX5SI3R2HhYvr/VSK
        RRc1TY7huKKD/E9JuvXw/4qk9HJvz4Eh8wCcLtzL4op9hYJaOjiL9GfhmL4b7v9A
        wfCiIP5cP+nPkCxm9bFFUJqUMulJPLMkTs0e0mgEkyOENfyah3VD0lRwo3+3qjQi
        SPk7AliUu7ODMMRFzWELdNwf89NqXu9sIhsxLnPAWjep27aoJSXdKOA7Gg==
        -----END CERTIFICATE-----
        """

    /// The `signature-lists` target's settings, as the shipped mappings
    /// write them, with the secrets of their vectors.
    private static let signatureListSettings: [(json: String, secret: String)] = [
        (
            #"{"scheme": "hmac", "header": "Paddle-Signature", "separator": ";", "prefix": "h1=", "timestamp": {"prefix": "ts="}, "signed": "{timestamp}:{body}"}"#,
            "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh"
        ),
        (
            #"{"scheme": "hmac", "header": "Recurly-Signature", "separator": ",", "timestamp": {"position": 0, "unit": "milliseconds"}, "signed": "{timestamp}.{body}"}"#,
            "recurly-secret"
        ),
        (
            #"{"scheme": "hmac", "header": "Calendly-Webhook-Signature", "separator": ",", "prefix": "v1=", "timestamp": {"prefix": "t="}, "signed": "{timestamp}.{body}"}"#,
            "calendly-signing-key"
        ),
        (
            #"{"scheme": "hmac", "header": "X-Zendesk-Webhook-Signature", "encoding": "base64", "timestamp": {"header": "X-Zendesk-Webhook-Signature-Timestamp", "unit": "iso8601"}, "signed": "{timestamp}{body}"}"#,
            "zendesk-secret"
        ),
        (
            #"{"scheme": "hmac", "header": "Klaviyo-Signature", "timestamp": {"header": "Klaviyo-Timestamp", "unit": "http-date"}, "signed": "{body}{timestamp}"}"#,
            "klaviyo-secret"
        ),
    ]

    /// The clock the verifiers run at: the time of the target's official
    /// vector, so that seeds pass and mutations explore past the timestamp.
    private var now: Date {
        let seconds: Double =
            switch self {
            case .standardWebhooks: 1_614_265_330
            case .sendgrid: 1_600_112_502
            case .mailgun: 1_403_645_220
            case .hubspot: 15_000
            case .signatureLists: 1_696_195_955
            case .jwt: 1_625_479_200
            case .sns: 1_335_920_046
            default: 1_700_000_000
            }
        return Date(timeIntervalSince1970: seconds)
    }

    private static func secret(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// The verifiers run on each request, with the providers' official test
    /// secrets (see shared/docs/providers.md), plus the secret parsers fed
    /// with every header value of the request.
    private func verifiers(given request: Delivery) -> [any WebhookVerifier] {
        let values = request.headers.map { Array($0.value.utf8) }
        switch self {
        case .stripe:
            return [StripeVerifier(secrets: [Self.secret("whsec_test_secret")])]
        case .standardWebhooks:
            let parsed = values.compactMap { try? StandardWebhooksVerifier(secrets: [$0]) }
            return [try! StandardWebhooksVerifier(secrets: [Self.secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")])] + parsed
        case .twilio:
            return [
                TwilioVerifier(secrets: [Self.secret("12345")]),
                TwilioVerifier(secrets: [Self.secret("12345")], publicURL: PublicURL("https://mycompany.com/myapp.php")),
                PlivoVerifier(secrets: [Self.secret("MAXXXXXXXXXXXXXXXXXX")]),
            ]
        case .sendgrid:
            let official =
                "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="
            let parsed = values.compactMap { try? SendGridVerifier(publicKeys: [$0]) }
            return [try! SendGridVerifier(publicKeys: [Self.secret(official)])] + parsed
        case .mailgun:
            return [MailgunVerifier(secrets: [Self.secret("key-3ax6xnjp29jd6fds4gc373sgvjxteol0")])]
        case .hubspot:
            return [HubSpotVerifier(secrets: [Self.secret("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy")])]
        case .hmac:
            var custom = HMACVerifier.Configuration(header: "X-Signature", algorithm: .sha512, prefix: "v1=")
            custom.format.signedContent = try! SignedContentTemplate(parsing: "{timestamp}.{method}.{url}.{header:X-Id}.{body}")
            custom.format.timestamp = SignedTimestamp(.header("X-Timestamp"), unit: .milliseconds)
            return [
                HMACVerifier(.github, secrets: [Self.secret("It's a Secret to Everybody")]),
                HMACVerifier(.typeform, secrets: [Self.secret("typeform_test_secret")]),
                HMACVerifier(custom, secrets: [Self.secret("custom")]),
            ]
        case .signatureLists:
            return Self.signatureListSettings.map {
                try! VerificationSettings(json: try! JSONParser().parse($0.json)).makeVerifier(secrets: [Self.secret($0.secret)])
            }
        case .ed25519:
            let telnyx = SignatureFormat(
                header: "telnyx-signature-ed25519", encoding: .base64,
                signedContent: try! SignedContentTemplate(parsing: "{timestamp}|{body}"), timestamp: SignedTimestamp(.header("telnyx-timestamp"))
            )
            let key = Self.secret("11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
            let parsed = values.compactMap { try? Ed25519Verifier(format: telnyx, publicKeys: [$0]) }
            return [
                try! Ed25519Verifier(format: telnyx, publicKeys: [key]),
                try! Ed25519Verifier(format: SignatureFormat(header: "X-Signature"), publicKeys: [key]),
            ] + parsed
        case .jwt:
            return [
                JWTVerifier(
                    .init(
                        header: "MessageBird-Signature-JWT", prefix: "", algorithms: Set(JWTAlgorithm.allCases),
                        bodyHashClaim: "payload_hash", urlHashClaim: "url_hash", issuer: "MessageBird"),
                    secrets: [Self.secret("36efdd1aace2e26cd490f0d951138253bef2f7c6d34d18981da781555cc4cebb")]),
                JWTVerifier(.init(bodyHashClaim: "payload_hash"), secrets: [Self.secret("vonage-signature-secret")]),
            ]
        case .sns:
            let certificates = SNSSigningCertificates()
            try! certificates.add(
                pem: Self.snsCertificate, from: "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem")
            return [SNSVerifier(topics: [Self.secret("arn:aws:sns:us-west-2:123456789012:MyTopic")], certificates: certificates)]
        case .credentials:
            let parsed = values.compactMap { try? BasicAuthVerifier(credentials: [$0]) }
            return [
                try! BasicAuthVerifier(credentials: [Self.secret("user:pass")]),
                SharedTokenVerifier(location: .query("token"), tokens: [Self.secret("s3cret")]),
                SharedTokenVerifier(location: .header("Authorization", prefix: "Bearer "), tokens: [Self.secret("s3cret")]),
            ] + parsed
        case .json, .jsonpath, .form, .multipart, .mapping, .identities:
            return []
        }
    }
}
