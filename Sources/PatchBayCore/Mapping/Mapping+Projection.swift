extension Mapping {
    /// What of a delivery body the mapping reads: the members along every
    /// JSONPath of its key, tenant, time and rules. `nil` (build the whole
    /// body) when it fans out, a rule has `forEach` (whose relative paths
    /// read inside elements) or a path is not singular.
    static func projection(events: JSONPath?, key: MappingValue, tenant: MappingValue?, time: EventTime?, rules: [Rule]) -> JSONProjection? {
        guard events == nil, rules.allSatisfy({ $0.forEach == nil }) else { return nil }
        var values = [key] + [tenant, time?.value].compactMap { $0 }
        for rule in rules {
            values += rule.externalId.alternatives.map(\.value)
            values += rule.fields.map(\.value)
            if let condition = rule.condition { values += condition.values }
        }
        return JSONProjection(paths: values.flatMap(\.paths))
    }
}

extension MappingValue {
    /// Every JSONPath the value reads.
    var paths: [JSONPath] {
        switch source {
        case .path(let path): [path]
        case .template(let template): template.parts.compactMap { if case .path(let path) = $0 { path } else { nil } }
        case .first(let alternatives): alternatives.flatMap(\.paths)
        case .header, .constant: []
        }
    }
}

extension Condition {
    /// Every value the condition tests.
    var values: [MappingValue] {
        switch self {
        case .all(let conditions), .any(let conditions): conditions.flatMap(\.values)
        case .not(let condition): condition.values
        case .test(let value, _): [value]
        }
    }
}
