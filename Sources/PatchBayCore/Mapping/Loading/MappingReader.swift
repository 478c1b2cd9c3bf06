extension Mapping {
    static let topLevelKeys = [
        "source", "description", "verify", "body", "jsonText", "events", "key", "tenant", "time",
        "schema", "allowExtraFields", "learnIdentities", "whenUnresolved", "whenSeveral", "rules", "tests",
    ]

    /// Loads one mapping file from its bytes, reporting every problem.
    ///
    /// - Parameters:
    ///   - file: the file's path, used in problems and to resolve a
    ///     `schema` path written relative to it.
    ///   - contents: the file's bytes.
    ///   - readFile: reads a file the mapping refers to (its schema), given
    ///     the path resolved against the mapping file's directory. It is the
    ///     only I/O loading needs, so the caller chooses how to do it.
    public static func load(
        file: String?, contents: [UInt8], readFile: (String) throws -> [UInt8]
    ) throws(MappingLoadFailure) -> Mapping {
        let problems = Problems(file: file)
        let document: JSONValue
        do {
            document = try JSONParser().parse(contents)
        } catch {
            problems.report(.root, "invalid JSON: \(error.message) at line \(error.line), column \(error.column)")
            throw MappingLoadFailure(problems: problems.all)
        }
        let mapping = read(Node(value: document, location: .root), file: file, problems, readFile: readFile)
        guard let mapping, problems.isEmpty else { throw MappingLoadFailure(problems: problems.all) }
        return mapping
    }

    private static func read(_ node: Node, file: String?, _ problems: Problems, readFile: (String) throws -> [UInt8]) -> Mapping? {
        guard let top = ObjectReader(node, allowed: topLevelKeys, problems: problems, expected: "a mapping object") else { return nil }
        let source = top.required("source", expected: "the source name, e.g. \"stripe\"").flatMap { readSource($0, problems) }
        let description = top["description"].flatMap { $0.string(problems) }
        let verify = top.required("verify", expected: "a verification object such as {\"scheme\": \"stripe\"}").flatMap {
            VerificationSettings.read($0, problems)
        }
        let body = top["body"].map { readBody($0, problems) } ?? .json
        let jsonText = top["jsonText"].flatMap { JSONTextMembers.read($0, body: body, problems) }
        var events = top["events"].flatMap { $0.jsonPath(problems) }
        if events == nil, top["events"] == nil, body == .jsonBatch { events = Node.compile("$[*]", at: node.location, problems) }
        let key = top.required("key", expected: "the idempotency key, e.g. \"$.id\" or {\"header\": \"webhook-id\"}").flatMap {
            MappingValue.read($0, problems)
        }
        let tenant = top["tenant"].flatMap { MappingValue.read($0, problems) }
        let time = top["time"].flatMap { readTime($0, problems) }
        let allowExtraFields = top["allowExtraFields"].flatMap { $0.bool(problems) } ?? false
        let schema = top["schema"].map { readSchema($0, mappingFile: file, problems, readFile: readFile) } ?? .reachDefault
        let learnIdentities = top["learnIdentities"].flatMap { $0.bool(problems) } ?? false
        let lookups = LookupDefaults.read(top, problems)
        let rules = top.required("rules", expected: "an array of rules").flatMap {
            readRules($0, schema: schema ?? .reachDefault, allowExtraFields: allowExtraFields, lookups: lookups ?? LookupDefaults(), problems)
        }
        let tests = top["tests"].map { EmbeddedTest.readList($0, format: body, problems) } ?? []
        for (name, what, value) in [("key", "the idempotency key", key), ("tenant", "the tenant", tenant), ("time", "the time", time?.value)] {
            guard let value, let location = top[name]?.location else { continue }
            problems.refuseRelativePaths(
                in: [value], at: location, because: "\(what) is read once per event", expected: "a path from the event (\"$...\")")
        }
        guard let source, let verify, let key, let rules, let schema, lookups != nil else { return nil }
        return Mapping(
            source: source, file: file, description: description, verify: verify, body: body,
            allowExtraFields: allowExtraFields, learnIdentities: learnIdentities, schema: schema, tests: tests,
            jsonText: jsonText, events: events, key: key, tenant: tenant, time: time, rules: rules,
            // Paths into a member read as JSON lead into text the body parser
            // sees as a string, so a body with such members is built whole.
            projection: jsonText == nil ? Mapping.projection(events: events, key: key, tenant: tenant, time: time, rules: rules) : nil)
    }

    private static func readSource(_ node: Node, _ problems: Problems) -> String? {
        guard let name = node.string(problems) else { return nil }
        let allowed = name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || byte.decimalDigit != nil || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_")
        }
        guard allowed, let first = name.utf8.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "_"), name.utf8.count <= 64 else {
            problems.report(
                node.location, "source name \(JSONValue.string(name).excerpt) is not URL-safe",
                expected: "1 to 64 lowercase letters, digits, '-' or '_', starting with a letter or digit")
            return nil
        }
        return name
    }

    private static func readBody(_ node: Node, _ problems: Problems) -> BodyFormat {
        let formats = BodyFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let text = node.string(problems, expected: formats) else { return .json }
        guard let format = BodyFormat(rawValue: text) else {
            problems.report(node.location, "unknown body format '\(text)'", expected: formats)
            return .json
        }
        return format
    }

    private static func readTime(_ node: Node, _ problems: Problems) -> EventTime? {
        guard
            let reader = ObjectReader(
                node, allowed: ["value", "format"], problems: problems, expected: "{\"value\": \"$.created\", \"format\": \"unix-seconds\"}")
        else { return nil }
        let value = reader.required("value", expected: "where the time is, e.g. \"$.created\"").flatMap { MappingValue.read($0, problems) }
        let formats = DateFormat.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        var format: DateFormat?
        if let formatNode = reader.required("format", expected: formats), let text = formatNode.string(problems, expected: formats) {
            format = DateFormat(rawValue: text)
            if format == nil { problems.report(formatNode.location, "unknown date format '\(text)'", expected: formats) }
        }
        guard let value, let format else { return nil }
        return EventTime(value: value, format: format)
    }

    /// The schema file named by `node`, resolved against the mapping file's
    /// directory; `nil` (with problems) when it cannot be read or is invalid.
    private static func readSchema(_ node: Node, mappingFile: String?, _ problems: Problems, readFile: (String) throws -> [UInt8]) -> CustomerSchema?
    {
        guard let relative = node.string(problems, expected: "the path of a JSON Schema file, relative to the mapping file") else { return nil }
        let path = resolve(relative, against: mappingFile)
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            problems.report(node.location, "cannot read schema file '\(path)': \(error)")
            return nil
        }
        do {
            return try CustomerSchema(jsonSchema: try JSONParser().parse(bytes), file: path)
        } catch let error as JSONParseError {
            problems.report(node.location, "schema file '\(path)' is not valid JSON: \(error)")
        } catch let failure as MappingLoadFailure {
            failure.problems.forEach(problems.append)
        } catch {
            problems.report(node.location, "schema file '\(path)': \(error)")
        }
        return nil
    }

    /// `relative` resolved against the directory of `file` (paths starting
    /// with `/` are taken as they are).
    static func resolve(_ relative: String, against file: String?) -> String {
        guard !relative.hasPrefix("/"), let file, let slash = file.lastIndex(of: "/") else { return relative }
        return String(file[...slash]) + relative
    }
}
