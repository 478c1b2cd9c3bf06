extension CustomerReference {
    static let kinds = IdentityKind.allCases.map { JSONValue.string($0.rawValue).serialized() }.joined(separator: " or ")

    /// Reads a rule's `externalId`: a value (see ``MappingValue/read(_:_:feeding:)``),
    /// a lookup object, or `{"first": [...]}` whose alternatives include lookups.
    static func read(_ node: Node, _ problems: Problems) -> CustomerReference? {
        let text = node.value.serialized()
        guard case .object(let object) = node.value else {
            return MappingValue.read(node, problems).map { CustomerReference(alternatives: [.externalId($0)], text: text) }
        }
        if object["lookup"] != nil {
            return readLookup(node, problems).map { CustomerReference(alternatives: [$0], text: text) }
        }
        guard case .array(let elements)? = object["first"], elements.contains(where: { $0.objectValue?["lookup"] != nil }) else {
            return MappingValue.read(node, problems).map { CustomerReference(alternatives: [.externalId($0)], text: text) }
        }
        guard let reader = ObjectReader(node, allowed: ["first"], problems: problems),
            let members = reader["first"]?.array(problems)
        else { return nil }
        let alternatives = members.compactMap { member -> Alternative? in
            if member.value.objectValue?["lookup"] != nil { return readLookup(member, problems) }
            return MappingValue.read(member, problems).map { .externalId($0) }
        }
        return alternatives.count == members.count ? CustomerReference(alternatives: alternatives, text: text) : nil
    }

    /// `{"lookup": "email", "path": "$.email"}`: the kind, and the address as
    /// any value object.
    private static func readLookup(_ node: Node, _ problems: Problems) -> Alternative? {
        guard case .object(let object) = node.value, let kindValue = object["lookup"] else { return nil }
        let kindNode = Node(value: kindValue, location: node.location.appending("lookup"))
        var kind: IdentityKind?
        if let name = kindNode.string(problems, expected: kinds) {
            kind = IdentityKind(rawValue: name)
            if kind == nil { problems.report(kindNode.location, "unknown identity kind \(JSONValue.string(name).excerpt)", expected: kinds) }
        }
        let rest = Node(value: .object(JSONObject(members: object.members.filter { $0.key != "lookup" })), location: node.location)
        let value = MappingValue.read(rest, problems)
        guard let kind, let value else { return nil }
        return .lookup(kind, value)
    }
}
