/// How to read an event's time: a value and the format it is written in.
struct EventTime: Sendable {
    let value: MappingValue
    let format: DateFormat
}
