extension SignatureFormat {
    /// Reads the signature format options of an `hmac` or `ed25519`
    /// `"verify"` object (its `tolerance` and `publicURL` already read),
    /// reporting every problem; `nil` when there is any.
    static func read(
        _ object: ObjectReader, defaultEncoding: SignatureEncoding, tolerance: TimestampTolerance?, publicURL: PublicURL?,
        _ problems: Problems
    ) -> SignatureFormat? {
        let start = problems.all.count
        let header = object.required("header", expected: "the header carrying the signature, e.g. \"X-Hub-Signature-256\"")?
            .headerName(problems)
        let encoding = object["encoding"].flatMap { $0.choice(of: SignatureEncoding.self, named: "value", problems) }
        let prefix = object["prefix"].flatMap { $0.text(problems, expected: "text such as \"sha256=\"", allowEmpty: true) }
        let separator = object["separator"].flatMap { $0.text(problems, expected: "the text between entries, such as \";\" or \",\"") }
        var timestamp: SignedTimestamp?
        if let node = object["timestamp"] {
            timestamp = SignedTimestamp.read(node, listed: object.has("separator"), tolerance: tolerance ?? .standard, problems)
        } else if object.has("tolerance") {
            problems.report(
                object.node.location.appending("tolerance"), "applies only with a 'timestamp'", expected: "a 'timestamp' object, or no 'tolerance'")
        }
        var signedContent = SignedContentTemplate.body
        if let node = object["signed"] {
            guard let content = readSignedContent(node, timestampConfigured: object.has("timestamp"), problems) else { return nil }
            signedContent = content
        }
        if let timestamp, !signedContent.covers(timestamp) {
            // A timestamp checked for freshness but not signed would let a captured body be replayed with a fresh one.
            problems.report(
                object.node.location.appending("timestamp"), "is checked but not signed", expected: "a 'signed' template with {timestamp}")
        }
        guard let header, problems.all.count == start else { return nil }
        return SignatureFormat(
            header: header, encoding: encoding ?? defaultEncoding, prefix: prefix ?? "", separator: separator,
            signedContent: signedContent, timestamp: timestamp, publicURL: publicURL)
    }

    /// The `signed` template, which may use `{timestamp}` only when a
    /// timestamp is configured.
    private static func readSignedContent(_ node: Node, timestampConfigured: Bool, _ problems: Problems) -> SignedContentTemplate? {
        guard let template = node.text(problems, expected: "a template such as \"{timestamp}.{body}\"") else { return nil }
        let content: SignedContentTemplate
        do {
            content = try SignedContentTemplate(parsing: template)
        } catch {
            problems.report(
                node.location, "\(error.message) at character \(error.offset)",
                expected: "text with {body}, {body:sha256}, {method}, {url}, {timestamp} or {header:Name}")
            return nil
        }
        guard !content.usesTimestamp || timestampConfigured else {
            problems.report(node.location, "uses {timestamp} but no 'timestamp' is configured", expected: "a 'timestamp' object, or {header:Name}")
            return nil
        }
        return content
    }
}

extension SignedTimestamp {
    /// `{"header": …}`, `{"prefix": …}` or `{"position": …}`, with an optional
    /// `unit`; the last two only in a header that lists entries (`listed`).
    static func read(_ node: Node, listed: Bool, tolerance: TimestampTolerance, _ problems: Problems) -> SignedTimestamp? {
        let start = problems.all.count
        guard
            let reader = ObjectReader(
                node, allowed: ["header", "prefix", "position", "unit"], problems: problems,
                expected: "an object such as {\"header\": \"X-Timestamp\", \"unit\": \"seconds\"}", context: "in a timestamp")
        else { return nil }
        let unit = reader["unit"].flatMap { $0.choice(of: TimestampUnit.self, named: "value", problems) } ?? .seconds
        let header = reader["header"].flatMap { $0.headerName(problems) }
        let prefix = reader["prefix"].flatMap { $0.text(problems, expected: "the text before the timestamp in its entry, such as \"ts=\"") }
        let position = reader["position"].flatMap { $0.position(problems) }
        let places = reader.present(among: ["header", "prefix", "position"])
        guard places.count == 1, let place = places.first else {
            problems.report(
                node.location, places.isEmpty ? "says nowhere" : "says more than one place",
                expected: "exactly one of 'header' (a header of its own), 'prefix' or 'position' (an entry of the signature header)")
            return nil
        }
        guard problems.all.count == start else { return nil }
        if let header { return SignedTimestamp(.header(header), unit: unit, tolerance: tolerance) }
        guard listed else {
            problems.report(
                node.location.appending(place), "needs a signature header that lists entries",
                expected: "a 'separator' beside 'header', or a timestamp 'header'")
            return nil
        }
        if let prefix { return SignedTimestamp(.entry(prefix: prefix), unit: unit, tolerance: tolerance) }
        guard let position, position <= 1 else {
            problems.report(
                node.location.appending("position"), "is \(position ?? 0)",
                expected: "0 (the first entry) or 1 (the second): senders put the time first or right after one signature")
            return nil
        }
        return SignedTimestamp(.position(position), unit: unit, tolerance: tolerance)
    }
}
