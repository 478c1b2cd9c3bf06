/// Where a value comes from, before its transforms.
indirect enum ValueSource: Sendable {
    /// The first node a JSONPath selects in the event (or, when relative,
    /// in the element of the rule's `forEach`).
    case path(JSONPath)
    /// A request header's value.
    case header(String)
    /// A fixed value.
    case constant(JSONValue)
    /// Literal text with JSONPath values interpolated.
    case template(Template)
    /// The first alternative that is present.
    case first([MappingValue])
}

/// A value a mapping reads from an event: a source followed by transforms.
/// A value is missing (`nil`) when the path selects nothing or `null`, or a
/// header is absent; a missing value leaves its field out of the update.
struct MappingValue: Sendable {
    let source: ValueSource
    let transforms: [Transform]
    /// How the value was written, for messages (`$.data.object.id`).
    let text: String

    /// The value for one event, or why a transform could not produce it.
    func evaluate(_ context: EventContext) throws(TransformFailure) -> JSONValue? {
        var value: JSONValue?
        switch source {
        case .path(let path):
            value = context.first(path)
            if value == .null { value = nil }
        case .header(let name):
            value = context.delivery.header(name).map(JSONValue.string)
        case .constant(let constant):
            value = constant
        case .template(let template):
            value = try template.render(context).map(JSONValue.string)
        case .first(let alternatives):
            for alternative in alternatives {
                value = try alternative.evaluate(context)
                if value != nil { break }
            }
        }
        for transform in transforms {
            value = try transform.apply(value)
        }
        return value
    }
}
