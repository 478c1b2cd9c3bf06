/// What an event's values are read from: the event itself (the `$` of every
/// JSONPath in rules) and the delivery that carried it (for headers).
struct EventContext {
    let event: JSONValue
    let delivery: Delivery
}
