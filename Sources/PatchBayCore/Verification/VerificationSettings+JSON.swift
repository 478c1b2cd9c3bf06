extension VerificationSettings {
    /// Decodes the `"verify"` section found at `location` (e.g.
    /// `$['verify']`). Unknown keys, wrong types, unknown schemes and options
    /// and a secret written literally are problems naming the exact location,
    /// what is wrong and what was expected.
    public init(json: JSONValue, location: String) throws(MappingProblem) {
        let object = try SettingsObject(
            json, location: location, expected: "an object such as {\"scheme\": \"stripe\"}"
        )
        let schemeNames = SchemeName.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        let name = try object.requiredString("scheme", expected: "one of " + schemeNames)
        guard let scheme = SchemeName(rawValue: name) else {
            throw MappingProblem(
                location: object.location(of: "scheme"), message: "unknown scheme \"\(name)\"",
                expected: "one of " + schemeNames
            )
        }
        let common = scheme == .none ? ["scheme"] : ["scheme", "secret"]
        try object.rejectUnknownKeys(allowed: common + scheme.options, context: "for scheme \"\(name)\"")
        self.init(
            scheme: try scheme.decode(object),
            secret: try object["secret"].map { value throws(MappingProblem) in
                try Self.secretReference(value, location: object.location(of: "secret"))
            }
        )
    }

    /// `{"env": "NAME"}` or `{"file": "/path"}`; a literal secret is refused.
    private static func secretReference(_ value: JSONValue, location: String) throws(MappingProblem) -> SecretReference {
        let expected = "{\"env\": \"NAME\"} or {\"file\": \"/path\"}"
        if value.stringValue != nil {
            throw MappingProblem(
                location: location, message: "a secret is never written in a mapping file",
                expected: "where to read it: " + expected
            )
        }
        let object = try SettingsObject(value, location: location, expected: expected)
        try object.rejectUnknownKeys(allowed: ["env", "file"], context: "in a secret reference")
        switch (try object.string("env", expected: "an environment variable name"),
                try object.string("file", expected: "a file path")) {
        case (let variable?, nil):
            guard let first = variable.unicodeScalars.first, !("0"..."9").contains(first),
                  variable.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
            else {
                throw MappingProblem(
                    location: object.location(of: "env"), message: "\"\(variable)\" is not a variable name",
                    expected: "letters, digits and _, not starting with a digit"
                )
            }
            return .environment(variable)
        case (nil, let path?):
            return .file(path)
        case (nil, nil):
            throw MappingProblem(location: location, message: "names no place", expected: expected)
        case (_?, _?):
            throw MappingProblem(location: location, message: "names both a variable and a file", expected: expected)
        }
    }
}

/// The scheme names a mapping file may use, with their options.
private enum SchemeName: String, CaseIterable {
    case none
    case stripe
    case standardWebhooks = "standard-webhooks"
    case github
    case shopify
    case typeform
    case hmac
    case ed25519
    case jwt
    case twilio
    case plivo
    case sendgrid
    case mailgun
    case hubspot
    case sns
    case basic
    case token

    /// The keys the scheme accepts besides `scheme` and `secret`.
    var options: [String] {
        switch self {
        case .none, .github, .shopify, .typeform, .basic: []
        case .stripe, .standardWebhooks, .sendgrid, .mailgun: ["tolerance"]
        case .hmac: ["algorithm"] + Self.formatOptions
        case .ed25519: Self.formatOptions
        case .jwt: ["header", "prefix", "algorithms", "bodyHash", "urlHash", "issuer", "tolerance", "publicURL"]
        case .twilio, .plivo: ["publicURL"]
        case .hubspot: ["tolerance", "publicURL"]
        case .sns: ["certificateHosts", "tolerance"]
        case .token: ["query", "header", "prefix"]
        }
    }

    /// The options of a ``SignatureFormat``.
    private static let formatOptions = ["header", "encoding", "prefix", "separator", "signed", "timestamp", "tolerance", "publicURL"]

    func decode(_ object: SettingsObject) throws(MappingProblem) -> VerificationSettings.Scheme {
        let tolerance = try object.tolerance("tolerance")
        switch self {
        case .none: return .none
        case .stripe: return .stripe(tolerance: tolerance)
        case .standardWebhooks: return .standardWebhooks(tolerance: tolerance)
        case .github: return .hmac(.github)
        case .shopify: return .hmac(.shopify)
        case .typeform: return .hmac(.typeform)
        case .hmac:
            return .hmac(HMACVerifier.Configuration(
                format: try Self.signatureFormat(object, defaultEncoding: .hex), algorithm: try object.choice("algorithm") ?? .sha256
            ))
        case .ed25519: return .ed25519(try Self.signatureFormat(object, defaultEncoding: .base64))
        case .jwt: return .jwt(try Self.jwtConfiguration(object, tolerance: tolerance))
        case .twilio: return .twilio(publicURL: try object.publicURL("publicURL"))
        case .plivo: return .plivo(publicURL: try object.publicURL("publicURL"))
        case .sendgrid: return .sendGrid(tolerance: tolerance)
        case .mailgun: return .mailgun(tolerance: tolerance)
        case .hubspot: return .hubSpot(tolerance: tolerance, publicURL: try object.publicURL("publicURL"))
        case .sns: return .sns(hosts: try Self.snsHosts(object), tolerance: tolerance)
        case .basic: return .basicAuth
        case .token: return .sharedToken(try Self.tokenLocation(object))
        }
    }

    private static func signatureFormat(
        _ object: SettingsObject, defaultEncoding: SignatureEncoding
    ) throws(MappingProblem) -> SignatureFormat {
        guard let header = try object.headerName("header") else {
            throw MappingProblem(
                location: object.location, message: "missing key 'header'",
                expected: "the header carrying the signature, e.g. \"X-Hub-Signature-256\""
            )
        }
        var format = SignatureFormat(header: header, encoding: try object.choice("encoding") ?? defaultEncoding)
        format.prefix = try object.string("prefix", expected: "text such as \"sha256=\"", allowEmpty: true) ?? ""
        format.separator = try object.string("separator", expected: "the text between entries, such as \";\" or \",\"")
        format.publicURL = try object.publicURL("publicURL")
        if let timestamp = object["timestamp"] {
            format.timestamp = try Self.signedTimestamp(
                timestamp, location: object.location(of: "timestamp"), listed: format.separator != nil,
                tolerance: try object.tolerance("tolerance") ?? .standard
            )
        } else if object.has("tolerance") {
            throw MappingProblem(
                location: object.location(of: "tolerance"), message: "applies only with a 'timestamp'",
                expected: "a 'timestamp' object, or no 'tolerance'"
            )
        }
        if let template = try object.string("signed", expected: "a template such as \"{timestamp}.{body}\"") {
            do {
                format.signedContent = try SignedContentTemplate(parsing: template)
            } catch {
                throw MappingProblem(
                    location: object.location(of: "signed"),
                    message: "\(error.message) at character \(error.offset)",
                    expected: "text with {body}, {body:sha256}, {method}, {url}, {timestamp} or {header:Name}"
                )
            }
            if format.signedContent.usesTimestamp, format.timestamp == nil {
                throw MappingProblem(
                    location: object.location(of: "signed"), message: "uses {timestamp} but no 'timestamp' is configured",
                    expected: "a 'timestamp' object, or {header:Name}"
                )
            }
        }
        if let timestamp = format.timestamp, !format.signedContent.covers(timestamp) {
            // A timestamp checked for freshness but not signed would let a captured body be replayed with a fresh one.
            throw MappingProblem(
                location: object.location(of: "timestamp"), message: "is checked but not signed",
                expected: "a 'signed' template with {timestamp}"
            )
        }
        return format
    }

    /// `{"header": …}`, `{"prefix": …}` or `{"position": …}`, with an optional
    /// `unit`; the last two only in a header that lists entries (`listed`).
    private static func signedTimestamp(
        _ value: JSONValue, location: String, listed: Bool, tolerance: TimestampTolerance
    ) throws(MappingProblem) -> SignedTimestamp {
        let expected = "exactly one of 'header' (a header of its own), 'prefix' or 'position' (an entry of the signature header)"
        let reader = try SettingsObject(
            value, location: location, expected: "an object such as {\"header\": \"X-Timestamp\", \"unit\": \"seconds\"}"
        )
        try reader.rejectUnknownKeys(allowed: ["header", "prefix", "position", "unit"], context: "in a timestamp")
        let unit: TimestampUnit = try reader.choice("unit") ?? .seconds
        let header = try reader.headerName("header")
        let prefix = try reader.string("prefix", expected: "the text before the timestamp in its entry, such as \"ts=\"")
        let position = try reader.position("position")
        let given = [header != nil, prefix != nil, position != nil].filter { $0 }.count
        guard given == 1 else {
            throw MappingProblem(location: location, message: given == 0 ? "says nowhere" : "says more than one place", expected: expected)
        }
        if let header { return SignedTimestamp(.header(header), unit: unit, tolerance: tolerance) }
        guard listed else {
            throw MappingProblem(
                location: reader.location(of: prefix != nil ? "prefix" : "position"),
                message: "needs a signature header that lists entries",
                expected: "a 'separator' beside 'header', or a timestamp 'header'"
            )
        }
        if let prefix { return SignedTimestamp(.entry(prefix: prefix), unit: unit, tolerance: tolerance) }
        guard let position, position <= 1 else {
            throw MappingProblem(
                location: reader.location(of: "position"), message: "is \(position ?? 0)",
                expected: "0 (the first entry) or 1 (the second): senders put the time first or right after one signature"
            )
        }
        return SignedTimestamp(.position(position), unit: unit, tolerance: tolerance)
    }

    private static func jwtConfiguration(
        _ object: SettingsObject, tolerance: TimestampTolerance?
    ) throws(MappingProblem) -> JWTVerifier.Configuration {
        var configuration = JWTVerifier.Configuration()
        configuration.header = try object.headerName("header") ?? configuration.header
        configuration.prefix = try object.string("prefix", expected: "text such as \"Bearer \"", allowEmpty: true)
            ?? (configuration.header.lowercased() == "authorization" ? configuration.prefix : "")
        if let names = object["algorithms"] {
            let expected = "a list of " + JWTAlgorithm.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            guard let list = names.arrayValue, !list.isEmpty else {
                throw MappingProblem(location: object.location(of: "algorithms"), message: "is \(names.typeName)", expected: expected)
            }
            var algorithms: Set<JWTAlgorithm> = []
            for (index, name) in list.enumerated() {
                guard let algorithm = name.stringValue.flatMap(JWTAlgorithm.init(rawValue:)) else {
                    throw MappingProblem(location: object.location(of: "algorithms") + "[\(index)]", message: "is \(name)", expected: expected)
                }
                algorithms.insert(algorithm)
            }
            configuration.algorithms = algorithms
        }
        // A token that does not bind the body could carry any body for as long as it lives.
        configuration.bodyHashClaim = try object.requiredString("bodyHash", expected: "the claim holding the body's SHA-256, e.g. \"payload_hash\"")
        configuration.urlHashClaim = try object.string("urlHash", expected: "the claim holding the URL's SHA-256, e.g. \"url_hash\"")
        configuration.issuer = try object.string("issuer", expected: "the iss value the token must carry")
        configuration.tolerance = tolerance ?? configuration.tolerance
        configuration.publicURL = try object.publicURL("publicURL")
        return configuration
    }

    /// `certificateHosts`: host patterns such as `"sns.*.amazonaws.com"`;
    /// default ``SNSHostPattern/amazon``.
    private static func snsHosts(_ object: SettingsObject) throws(MappingProblem) -> [SNSHostPattern] {
        guard let value = object["certificateHosts"] else { return SNSHostPattern.amazon }
        let expected = "a list of host patterns such as \"sns.*.amazonaws.com\" (* stands for one region label, followed by at least two labels)"
        guard let list = value.arrayValue, !list.isEmpty else {
            throw MappingProblem(location: object.location(of: "certificateHosts"), message: "is \(value.typeName)", expected: expected)
        }
        var patterns: [SNSHostPattern] = []
        for (index, item) in list.enumerated() {
            guard let pattern = item.stringValue.flatMap(SNSHostPattern.init) else {
                throw MappingProblem(location: object.location(of: "certificateHosts") + "[\(index)]", message: "is \(item)", expected: expected)
            }
            patterns.append(pattern)
        }
        return patterns
    }

    private static func tokenLocation(_ object: SettingsObject) throws(MappingProblem) -> SharedTokenVerifier.Location {
        let expected = "exactly one of 'query' (a parameter name) or 'header' (a header name)"
        let query = try object.string("query", expected: "a query parameter name such as \"token\"")
        let header = try object.headerName("header")
        let prefix = try object.string("prefix", expected: "text such as \"Bearer \"", allowEmpty: true)
        switch (query, header) {
        case (let name?, nil):
            if prefix != nil {
                throw MappingProblem(
                    location: object.location(of: "prefix"), message: "applies only to a token in a header",
                    expected: "no 'prefix' with 'query'"
                )
            }
            return .query(name)
        case (nil, let name?):
            return .header(name, prefix: prefix ?? "")
        case (nil, nil):
            throw MappingProblem(location: object.location, message: "names neither 'query' nor 'header'", expected: expected)
        case (_?, _?):
            throw MappingProblem(location: object.location(of: "header"), message: "given together with 'query'", expected: expected)
        }
    }
}
