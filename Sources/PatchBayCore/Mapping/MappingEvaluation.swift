extension Mapping {
    /// Maps one delivery, event by event. Throws only when the delivery as
    /// a whole cannot be read (content type, malformed body); problems with
    /// single events are in each ``MappedEvent/errors`` and ``MappedEvent/problems``.
    public func evaluate(_ delivery: Delivery) throws(DeliveryError) -> [MappedEvent] {
        if let contentType = delivery.contentType, !body.accepts(contentType: contentType) {
            throw .unsupportedContentType(contentType, expected: body.mediaType)
        }
        let root = try body.parse(delivery.body, names: memberNames, projection: projection)
        guard let events else { return [map(EventContext(event: root, delivery: delivery), index: 0)] }
        return events.select(root).enumerated().map { index, event in
            map(EventContext(event: event, delivery: delivery), index: index)
        }
    }

    private func map(_ context: EventContext, index: Int) -> MappedEvent {
        var event = MappedEvent(index: index)
        func optionalIdentity(_ expression: MappingValue?, _ what: String) -> String? {
            guard let expression else { return nil }
            switch Self.identity(expression, what, context, rule: nil) {
            case .success(let text): return text
            case .failure(let error): event.errors.append(error)
            }
            return nil
        }
        event.key = optionalIdentity(key, "idempotency key")
        event.tenant = optionalIdentity(tenant, "tenant")
        if let spec = self.time {
            do throws(TransformFailure) {
                if let value = try spec.value.evaluate(context) {
                    event.time = try spec.format.timestamp(from: value)
                }
            } catch {
                event.errors.append(EventError(rule: nil, message: "event time: \(error.message)"))
            }
        }
        for rule in rules {
            apply(rule, context, to: &event)
        }
        // An event with errors is logged as failed: nothing of it is sent.
        if !event.errors.isEmpty { event.updates = [] }
        return event
    }

    /// Adds the rule's update for the event to `event` — when its condition
    /// holds and it sets a field — with the fields it had to leave out, or
    /// the error that stops the event.
    private func apply(_ rule: Rule, _ context: EventContext, to event: inout MappedEvent) {
        do throws(TransformFailure) {
            if let condition = rule.condition, try !condition.holds(context) { return }
        } catch {
            event.errors.append(EventError(rule: rule.name, message: "condition: \(error.message)"))
            return
        }
        let externalId: String
        switch Self.identity(rule.externalId, "externalId", context, rule: rule.name) {
        case .success(let text): externalId = text
        case .failure(let error):
            event.errors.append(error)
            return
        }
        var data: [JSONObject.Member] = []
        data.reserveCapacity(rule.fields.count)
        for field in rule.fields {
            switch Self.value(of: field, context) {
            case .success(let value?): data.append(JSONObject.Member(key: field.name, value: value))
            case .success(nil): continue
            case .failure(let failure):
                let problem = EventError(rule: rule.name, message: "field \"\(field.name)\": \(failure.message)")
                guard rule.onFieldError == .omitField else {
                    event.errors.append(problem)
                    return
                }
                event.problems.append(problem)
            }
        }
        guard !data.isEmpty else {
            event.rulesWithoutFields.append(rule.name)
            return
        }
        event.updates.append(CustomerUpdate(
            rule: rule.name, tenant: event.tenant, externalId: externalId, data: JSONObject(members: data),
            allowExtraFields: allowExtraFields))
    }

    /// The field's value for the event, conformed to its type; `nil` when missing.
    private static func value(of field: Rule.FieldValue, _ context: EventContext) -> Result<JSONValue?, TransformFailure> {
        let value: JSONValue?
        do throws(TransformFailure) {
            value = try field.value.evaluate(context)
        } catch {
            return .failure(error)
        }
        guard let value, let type = field.type else { return .success(value) }
        return type.conform(value).map { $0 }
    }

    /// The text of an identity value (idempotency key, tenant, externalId),
    /// or why the event has none: missing, not text, or not a valid
    /// ``IdentityValue``.
    private static func identity(_ expression: MappingValue, _ what: String, _ context: EventContext, rule: String?) -> Result<String, EventError> {
        let text: String
        switch Result(catching: { () throws(TransformFailure) in try expression.evaluate(context) }) {
        case .success(.string(let string)?): text = string
        case .success(.number(let number)?): text = number.text
        case .success(nil): return .failure(EventError(rule: rule, message: "\(what) missing at \(expression.text)"))
        case .success(let other?):
            return .failure(EventError(rule: rule, message: "\(what) at \(expression.text) is \(other.typeArticle), expected a string"))
        case .failure(let failure): return .failure(EventError(rule: rule, message: "\(what): \(failure.message)"))
        }
        if let violation = IdentityValue.violation(in: text) {
            return .failure(EventError(rule: rule, message: "\(what) at \(expression.text) is not a valid identity value: it \(violation)"))
        }
        return .success(text)
    }
}
