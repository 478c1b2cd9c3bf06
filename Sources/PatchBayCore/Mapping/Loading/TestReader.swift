import HTTPTypes

extension EmbeddedTest {
    private static let keys = ["name", "headers", "body", "rawBody", "identities", "expect", "expectError", "expectKeys"]

    /// Reads the `tests` array of a mapping file.
    static func readList(_ node: Node, format: BodyFormat, _ problems: Problems) -> [EmbeddedTest] {
        guard let elements = node.array(problems, expected: "an array of tests") else { return [] }
        return elements.compactMap { read($0, format: format, problems) }
    }

    private static func read(_ node: Node, format: BodyFormat, _ problems: Problems) -> EmbeddedTest? {
        guard let reader = ObjectReader(node, allowed: keys, problems: problems, expected: "a test object") else { return nil }
        let name = reader.required("name", expected: "a name for the test").flatMap { $0.string(problems) }
        var headers = HTTPFields()
        var headersRead = true
        if let headersNode = reader["headers"],
            let members = headersNode.members(problems, expected: "an object of header names and values")
        {
            let maximum = HTTPFields.maximumWrittenFields
            if members.count > maximum {
                problems.report(headersNode.location, "has \(members.count) headers", expected: "at most \(maximum) headers")
                headersRead = false
            }
            for (header, member) in members.prefix(maximum) {
                guard let value = member.string(problems) else { continue }
                do {
                    headers.append(try HTTPField(exactName: header, value: value))
                } catch {
                    problems.report(member.location, "\(error)", expected: "a header an HTTP request can carry as written")
                    headersRead = false
                }
            }
        }
        let body = readBody(reader, format: format, problems)
        format.addContentType(to: &headers)
        let expectation = readExpectation(reader, problems)
        let expectedKeys = reader["expectKeys"].flatMap { keysNode in
            keysNode.array(problems, expected: "an array of idempotency keys").map { $0.compactMap { $0.string(problems) } }
        }
        let identities = reader["identities"].map { readIdentities($0, problems) }
        guard let name, let body, headersRead, let expectation, identities.map({ $0 != nil }) ?? true else { return nil }
        return EmbeddedTest(
            name: name, location: node.location.path, delivery: Delivery(headers: headers, body: body),
            expectation: expectation, identities: (identities ?? nil) ?? [], expectedKeys: expectedKeys)
    }

    /// `body` as JSON (sent compact; for `multipart`, an object of text
    /// fields sent as form parts) or `rawBody` as text, exactly one.
    private static func readBody(_ reader: ObjectReader, format: BodyFormat, _ problems: Problems) -> [UInt8]? {
        switch (reader["body"], reader["rawBody"]) {
        case (let json?, nil) where format == .multipart: return readFormParts(json, problems)
        case (let json?, nil): return Array(json.value.serialized().utf8)
        case (nil, let raw?): return raw.string(problems, expected: "the body's text").map { Array($0.utf8) }
        default:
            problems.report(
                reader.node.location, "a test needs exactly one of 'body' and 'rawBody'",
                expected: "'body' (JSON) or 'rawBody' (text, e.g. a form body)")
            return nil
        }
    }

    /// A multipart test's `body`: an object of text fields, written with
    /// ``MultipartFormData/writtenBoundary`` (the test's Content-Type).
    private static func readFormParts(_ node: Node, _ problems: Problems) -> [UInt8]? {
        let expected = "an object of form fields and their text, e.g. {\"formID\": \"123\"}"
        guard let members = node.members(problems, expected: expected) else { return nil }
        var fields: [(name: String, value: String)] = []
        for (name, member) in members {
            guard let value = member.string(problems, expected: "the field's text (a string; JSON text is written as a string)") else { continue }
            if let problem = MultipartFormData.encodingProblem(name: name, value: value) {
                problems.report(member.location, problem, expected: "a field a multipart body can carry as written")
                continue
            }
            fields.append((name: name, value: value))
        }
        return fields.count == members.count ? MultipartFormData.encode(fields) : nil
    }

    private static func readExpectation(_ reader: ObjectReader, _ problems: Problems) -> Expectation? {
        switch (reader["expect"], reader["expectError"]) {
        case (let updates?, nil):
            guard let elements = updates.array(problems, expected: "an array of expected updates ([] for nothing)") else { return nil }
            let expected = elements.compactMap { readUpdate($0, problems) }
            return expected.count == elements.count ? .updates(expected) : nil
        case (nil, let error?):
            return error.string(problems, expected: "text the error message contains").map { .error($0) }
        default:
            problems.report(
                reader.node.location, "a test needs exactly one of 'expect' and 'expectError'",
                expected: "'expect' (the updates, [] for none) or 'expectError'")
            return nil
        }
    }

    /// `identities`: the records the test's index holds, as objects with the
    /// members of an identity import line.
    private static func readIdentities(_ node: Node, _ problems: Problems) -> [IdentityRecord]? {
        guard let elements = node.array(problems, expected: "an array of {\"externalId\", \"email\", \"phone\", \"tenant\"} objects") else {
            return nil
        }
        let records = elements.compactMap { element -> IdentityRecord? in
            var reader = IdentityLineReader()
            do {
                guard case .object = element.value, let record = try reader.read(Array(element.value.serialized().utf8)) else {
                    problems.report(
                        element.location, "is \(element.value.typeName)",
                        expected: "an object such as {\"externalId\": \"cus_1\", \"email\": \"a@example.com\"}")
                    return nil
                }
                return record
            } catch {
                problems.report(element.location, "\(error)", expected: "an identity with an externalId and an email or a phone")
                return nil
            }
        }
        return records.count == elements.count ? records : nil
    }

    private static func readUpdate(_ node: Node, _ problems: Problems) -> ExpectedUpdate? {
        guard
            let reader = ObjectReader(
                node, allowed: ["rule", "externalId", "waiting", "tenant", "data"], problems: problems, expected: "an expected update object")
        else { return nil }
        let rule = reader["rule"].flatMap { $0.string(problems) }
        let waiting = reader["waiting"].flatMap { $0.bool(problems) } ?? false
        if waiting, reader.has("externalId") {
            problems.report(
                node.location, "an expected update has both 'externalId' and 'waiting'",
                expected: "the customer's externalId, or \"waiting\": true for an update that waits for an identity")
        }
        let externalId =
            waiting ? nil : reader.required("externalId", expected: "the expected external ID, or \"waiting\": true").flatMap { $0.string(problems) }
        let tenant = reader["tenant"].flatMap { $0.string(problems) }
        let data = reader.required("data", expected: "the expected fields").flatMap { $0.value.objectValue }
        if let dataNode = reader["data"], dataNode.value.objectValue == nil {
            problems.report(dataNode.location, "is \(dataNode.value.typeName)", expected: "an object")
        }
        guard waiting || externalId != nil, let data, reader["rule"] == nil || rule != nil, reader["tenant"] == nil || tenant != nil else {
            return nil
        }
        return ExpectedUpdate(rule: rule, externalId: externalId, tenant: tenant, data: data)
    }
}
