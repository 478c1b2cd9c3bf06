extension Mapping {
    static func readRules(_ node: Node, schema: CustomerSchema, allowExtraFields: Bool, lookups: LookupDefaults, _ problems: Problems) -> [Rule]? {
        guard let elements = node.array(problems, expected: "an array of rules") else { return nil }
        if elements.isEmpty { problems.report(node.location, "a mapping has no rules", expected: "at least one rule") }
        var names: Set<String> = []
        let rules = elements.compactMap { element -> Rule? in
            if case .string(let name)? = element.value["name"], !names.insert(name).inserted {
                problems.report(
                    element.location.appending("name"), "another rule is already named \(JSONValue.string(name))", expected: "a unique rule name")
            }
            return readRule(element, schema: schema, allowExtraFields: allowExtraFields, lookups: lookups, problems)
        }
        return rules.count == elements.count ? rules : nil
    }

    private static func readRule(_ node: Node, schema: CustomerSchema, allowExtraFields: Bool, lookups: LookupDefaults, _ problems: Problems) -> Rule?
    {
        let keys = ["name", "forEach", "when", "externalId", "set", "onFieldError", "whenUnresolved", "whenSeveral"]
        guard let reader = ObjectReader(node, allowed: keys, problems: problems, expected: "a rule object") else { return nil }
        let name = reader.required("name", expected: "a name for the rule, used in errors").flatMap { readName($0, problems) }
        let forEach = reader["forEach"].map { $0.jsonPath(problems) }
        let condition = reader["when"].map { Condition.read($0, problems) }
        let externalId = reader.required("externalId", expected: "the customer's external ID, e.g. \"$.data.object.id\"").flatMap {
            CustomerReference.read($0, problems)
        }
        let fields = reader.required("set", expected: "an object of customer fields and their values").flatMap {
            readFields($0, schema: schema, allowExtraFields: allowExtraFields, problems)
        }
        let onFieldError = reader["onFieldError"].map { $0.choice(of: FieldErrorHandling.self, named: "field error handling", problems) }
        let policies = LookupDefaults.read(reader, problems)
        if let externalId, !externalId.looksUp {
            for key in ["whenUnresolved", "whenSeveral"] where reader.has(key) {
                problems.report(
                    node.location.appending(key), "the rule's externalId looks nothing up",
                    expected: "'\(key)' only on a rule whose externalId has a {\"lookup\": ...} alternative")
            }
        }
        guard let name, let externalId, let fields, let policies, condition.map({ $0 != nil }) ?? true, onFieldError.map({ $0 != nil }) ?? true,
            forEach.map({ $0 != nil }) ?? true
        else { return nil }
        if forEach == nil { refuseRelativePaths(reader, condition: condition ?? nil, externalId: externalId, fields: fields, problems) }
        let setsOnlyConsent = fields.allSatisfy { schema.isConsentOrAddress($0.name) }
        return Rule(
            name: name, forEach: forEach ?? nil, condition: condition ?? nil, externalId: externalId,
            whenUnresolved: policies.whenUnresolved ?? lookups.whenUnresolved ?? .wait,
            whenSeveral: policies.whenSeveral ?? lookups.whenSeveral ?? (setsOnlyConsent ? .all : .wait),
            fields: fields, onFieldError: (onFieldError ?? nil) ?? .omitField)
    }

    /// Reports the relative paths (`@…`) of a rule without `forEach`, at the
    /// condition, the externalId or the field that reads one.
    private static func refuseRelativePaths(
        _ reader: ObjectReader, condition: Condition?, externalId: CustomerReference, fields: [Rule.FieldValue], _ problems: Problems
    ) {
        func refuse(_ values: [MappingValue], at location: Location?) {
            guard let location else { return }
            problems.refuseRelativePaths(
                in: values, at: location, because: "the rule has no forEach",
                expected: "\"forEach\": a JSONPath selecting the elements, on the rule; or a path from the event (\"$...\")")
        }
        refuse(condition?.values ?? [], at: reader["when"]?.location)
        refuse(externalId.alternatives.map(\.value), at: reader["externalId"]?.location)
        for field in fields { refuse([field.value], at: reader["set"]?.location.appending(field.name)) }
    }

    /// A rule's name: text without control characters (it is stored in the
    /// errors of the events it fails).
    private static func readName(_ node: Node, _ problems: Problems) -> String? {
        guard let name = node.string(problems) else { return nil }
        guard let control = IdentityValue.controlCharacter(in: name) else { return name }
        problems.report(node.location, "the rule name contains the control character \(control)", expected: "a name without control characters")
        return nil
    }

    private static func readFields(_ node: Node, schema: CustomerSchema, allowExtraFields: Bool, _ problems: Problems) -> [Rule.FieldValue]? {
        guard let members = node.members(problems, expected: "an object of customer fields and their values") else { return nil }
        if members.isEmpty { problems.report(node.location, "the rule sets no field", expected: "at least one customer field") }
        let fields = members.compactMap { name, member -> Rule.FieldValue? in
            if let control = IdentityValue.controlCharacter(in: name) {
                // Field names are stored as text with each customer's field times.
                problems.report(
                    member.location, "the field name contains the control character \(control)", expected: "a name without control characters")
                return nil
            }
            let type = schema.field(named: name)?.type
            if type == nil, !allowExtraFields {
                problems.report(
                    member.location, "unknown customer field '\(name)'",
                    expected: "one of " + schema.fields.map(\.name).joined(separator: ", ") + ", or \"allowExtraFields\": true")
            }
            return MappingValue.read(member, problems, feeding: type).map { Rule.FieldValue(name: name, value: $0, type: type) }
        }
        return fields.count == members.count ? fields : nil
    }
}
