extension Mapping {
    /// Maps one delivery, event by event. Throws only when the delivery as
    /// a whole cannot be read (content type, malformed body); problems with
    /// single events are in each ``MappedEvent/errors``.
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
        var errors: [EventError] = []
        func read(_ expression: MappingValue?, _ what: String) -> String? {
            guard let expression else { return nil }
            switch Result(catching: { () throws(TransformFailure) in try expression.evaluate(context) }) {
            case .success(.string(let text)?): return text
            case .success(.number(let number)?): return number.text
            case .success(let other?): errors.append(EventError(rule: nil, message: "\(what) at \(expression.text) is \(other.typeArticle), expected a string"))
            case .success(nil): errors.append(EventError(rule: nil, message: "\(what) missing at \(expression.text)"))
            case .failure(let failure): errors.append(EventError(rule: nil, message: "\(what): \(failure.message)"))
            }
            return nil
        }
        let key = read(key, "idempotency key")
        let tenant = read(tenant, "tenant")
        var time: Timestamp?
        if let spec = self.time {
            do throws(TransformFailure) {
                if let value = try spec.value.evaluate(context) {
                    time = try spec.format.timestamp(from: value)
                }
            } catch {
                errors.append(EventError(rule: nil, message: "event time: \(error.message)"))
            }
        }
        var updates: [CustomerUpdate] = []
        for rule in rules {
            switch apply(rule, context, tenant: tenant) {
            case .success(let update?): updates.append(update)
            case .success(nil): break
            case .failure(let error): errors.append(error)
            }
        }
        return MappedEvent(index: index, key: key, tenant: tenant, time: time, updates: updates, errors: errors)
    }

    /// The rule's update for the event; `nil` when its condition does not
    /// hold or it has no field to set.
    private func apply(_ rule: Rule, _ context: EventContext, tenant: String?) -> Result<CustomerUpdate?, EventError> {
        func failure(_ message: String) -> Result<CustomerUpdate?, EventError> {
            .failure(EventError(rule: rule.name, message: message))
        }
        do throws(TransformFailure) {
            if let condition = rule.condition, try !condition.holds(context) { return .success(nil) }
        } catch {
            return failure("condition: \(error.message)")
        }
        let externalId: String
        switch Result(catching: { () throws(TransformFailure) in try rule.externalId.evaluate(context) }) {
        case .success(.string(let text)?) where !text.isEmpty: externalId = text
        case .success(.number(let number)?): externalId = number.text
        case .success(.string?): return failure("externalId is empty at \(rule.externalId.text)")
        case .success(nil): return failure("externalId missing at \(rule.externalId.text)")
        case .success(let other?): return failure("externalId at \(rule.externalId.text) is \(other.typeArticle), expected a string")
        case .failure(let error): return failure("externalId: \(error.message)")
        }
        var data: [JSONObject.Member] = []
        data.reserveCapacity(rule.fields.count)
        for field in rule.fields {
            let value: JSONValue?
            do throws(TransformFailure) {
                value = try field.value.evaluate(context)
            } catch {
                return failure("field \"\(field.name)\": \(error.message)")
            }
            guard let value else { continue }
            guard let type = field.type else {
                data.append(JSONObject.Member(key: field.name, value: value))
                continue
            }
            switch type.conform(value) {
            case .success(let conformed): data.append(JSONObject.Member(key: field.name, value: conformed))
            case .failure(let error): return failure("field \"\(field.name)\": \(error.message)")
            }
        }
        guard !data.isEmpty else { return .success(nil) }
        return .success(CustomerUpdate(rule: rule.name, tenant: tenant, externalId: externalId, data: JSONObject(members: data), allowExtraFields: allowExtraFields))
    }
}
