/// What an event's values are read from: the event itself (the `$` of every
/// JSONPath in rules), the delivery that carried it (for headers) and, while
/// a rule with `forEach` is applied, the element it is at (the `@` of its
/// relative paths).
struct EventContext {
    let event: JSONValue
    let delivery: Delivery
    /// The element of the rule's `forEach`; `nil` outside such a rule, where
    /// the loader refuses relative paths.
    var element: JSONValue? = nil

    /// The first node `path` selects: from the event, or from the element
    /// when the path is relative (`$` in its filters is still the event).
    func first(_ path: JSONPath) -> JSONValue? {
        guard path.isRelative else { return path.first(in: event) }
        return element.flatMap { path.first(in: event, from: $0) }
    }

    /// This context at one element of a rule's `forEach`.
    func at(element: JSONValue) -> EventContext {
        EventContext(event: event, delivery: delivery, element: element)
    }
}
