extension SchemeName {
    /// Reads this scheme's options from the `"verify"` object, reporting
    /// every problem; `nil` when there is any.
    func read(_ object: ObjectReader, _ problems: Problems) -> VerificationSettings.Scheme? {
        let start = problems.all.count
        // Options the scheme does not take are already reported as unknown keys.
        let tolerance = options.contains("tolerance") ? object["tolerance"].flatMap { $0.tolerance(problems) } : nil
        let publicURL = options.contains("publicURL") ? object["publicURL"].flatMap { $0.publicURL(problems) } : nil
        let scheme: VerificationSettings.Scheme?
        switch self {
        case .none: scheme = VerificationSettings.Scheme.none
        case .stripe: scheme = .stripe(tolerance: tolerance)
        case .standardWebhooks: scheme = .standardWebhooks(tolerance: tolerance)
        case .github: scheme = .hmac(.github)
        case .shopify: scheme = .hmac(.shopify)
        case .typeform: scheme = .hmac(.typeform)
        case .hmac:
            let algorithm = object["algorithm"].flatMap { $0.choice(of: HMACAlgorithm.self, named: "value", problems) }
            scheme = SignatureFormat.read(object, defaultEncoding: .hex, tolerance: tolerance, publicURL: publicURL, problems)
                .map { .hmac(HMACVerifier.Configuration(format: $0, algorithm: algorithm ?? .sha256)) }
        case .ed25519:
            scheme = SignatureFormat.read(object, defaultEncoding: .base64, tolerance: tolerance, publicURL: publicURL, problems)
                .map { .ed25519($0) }
        case .jwt: scheme = Self.jwtConfiguration(object, tolerance: tolerance, publicURL: publicURL, problems).map { .jwt($0) }
        case .twilio: scheme = .twilio(publicURL: publicURL)
        case .plivo: scheme = .plivo(publicURL: publicURL)
        case .sendgrid: scheme = .sendGrid(tolerance: tolerance)
        case .mailgun: scheme = .mailgun(tolerance: tolerance)
        case .hubspot: scheme = .hubSpot(tolerance: tolerance, publicURL: publicURL)
        case .sns: scheme = Self.snsHosts(object, problems).map { .sns(hosts: $0, tolerance: tolerance) }
        case .basic: scheme = .basicAuth
        case .token: scheme = Self.tokenLocation(object, problems).map { .sharedToken($0) }
        }
        return problems.all.count == start ? scheme : nil
    }

    private static func jwtConfiguration(
        _ object: ObjectReader, tolerance: TimestampTolerance?, publicURL: PublicURL?, _ problems: Problems
    ) -> JWTVerifier.Configuration? {
        var configuration = JWTVerifier.Configuration()
        configuration.header = object["header"].flatMap { $0.headerName(problems) } ?? configuration.header
        configuration.prefix =
            object["prefix"].flatMap { $0.text(problems, expected: "text such as \"Bearer \"", allowEmpty: true) }
            ?? (configuration.header.lowercased() == "authorization" ? configuration.prefix : "")
        let algorithms = "a list of " + JWTAlgorithm.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        if let list = object["algorithms"]?.list(problems, expected: algorithms, { $0.stringValue.flatMap(JWTAlgorithm.init(rawValue:)) }) {
            configuration.algorithms = Set(list)
        }
        // A token that does not bind the body could carry any body for as long as it lives.
        let bodyHashClaim = "the claim holding the body's SHA-256, e.g. \"payload_hash\""
        let bodyHash = object.required("bodyHash", expected: bodyHashClaim)
        configuration.bodyHashClaim = bodyHash?.text(problems, expected: bodyHashClaim)
        configuration.urlHashClaim = object["urlHash"].flatMap {
            $0.text(problems, expected: "the claim holding the URL's SHA-256, e.g. \"url_hash\"")
        }
        configuration.issuer = object["issuer"].flatMap { $0.text(problems, expected: "the iss value the token must carry") }
        configuration.tolerance = tolerance ?? configuration.tolerance
        configuration.publicURL = publicURL
        return bodyHash == nil ? nil : configuration
    }

    /// `certificateHosts`: host patterns such as `"sns.*.amazonaws.com"`;
    /// default ``SNSHostPattern/amazon``.
    private static func snsHosts(_ object: ObjectReader, _ problems: Problems) -> [SNSHostPattern]? {
        guard let node = object["certificateHosts"] else { return SNSHostPattern.amazon }
        let expected = "a list of host patterns such as \"sns.*.amazonaws.com\" (* stands for one region label, followed by at least two labels)"
        return node.list(problems, expected: expected) { $0.stringValue.flatMap(SNSHostPattern.init) }
    }

    private static func tokenLocation(_ object: ObjectReader, _ problems: Problems) -> SharedTokenVerifier.Location? {
        let expected = "exactly one of 'query' (a parameter name) or 'header' (a header name)"
        let query = object["query"].flatMap { $0.text(problems, expected: "a query parameter name such as \"token\"") }
        let header = object["header"].flatMap { $0.headerName(problems) }
        let prefix = object["prefix"].flatMap { $0.text(problems, expected: "text such as \"Bearer \"", allowEmpty: true) }
        switch (object.has("query"), object.has("header")) {
        case (true, false):
            if object.has("prefix") {
                problems.report(
                    object.node.location.appending("prefix"), "applies only to a token in a header", expected: "no 'prefix' with 'query'")
            }
            return query.map { .query($0) }
        case (false, true):
            return header.map { .header($0, prefix: prefix ?? "") }
        case (false, false):
            problems.report(object.node.location, "names neither 'query' nor 'header'", expected: expected)
        case (true, true):
            problems.report(object.node.location.appending("header"), "given together with 'query'", expected: expected)
        }
        return nil
    }
}
