extension Mapping {
    /// Maps one delivery, event by event. Throws only when the delivery as
    /// a whole cannot be read (content type, malformed body); problems with
    /// single events are in each ``MappedEvent/errors`` and ``MappedEvent/problems``.
    public func evaluate(_ delivery: Delivery) throws(DeliveryError) -> [MappedEvent] {
        if let contentType = delivery.contentType, !body.accepts(contentType: contentType) {
            throw .unsupportedContentType(contentType, expected: body.mediaType)
        }
        var root = try body.parse(delivery.body, contentType: delivery.contentType, names: memberNames, projection: projection)
        if let jsonText { root = try jsonText.decode(root) }
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
        if !event.errors.isEmpty {
            event.updates = []
            event.lookups = []
        } else if learnIdentities {
            event.identities = event.updates.flatMap(identities)
        }
        return event
    }

    /// Applies the rule to the event once, or once per element its
    /// `forEach` selects, in nodelist order.
    private func apply(_ rule: Rule, _ context: EventContext, to event: inout MappedEvent) {
        guard let forEach = rule.forEach else { return applyOnce(rule, context, to: &event) }
        for element in forEach.select(context.event) {
            applyOnce(rule, context.at(element: element), to: &event)
        }
    }

    /// Adds the rule's update for the event (at one element) to `event` —
    /// when its condition holds and it sets a field — with the fields it had
    /// to leave out, or the error that stops the event.
    private func applyOnce(_ rule: Rule, _ context: EventContext, to event: inout MappedEvent) {
        do throws(TransformFailure) {
            if let condition = rule.condition, try !condition.holds(context) { return }
        } catch {
            event.errors.append(EventError(rule: rule.name, message: "condition: \(error.message)"))
            return
        }
        let customer: Customer
        switch Self.customer(of: rule, context) {
        case .success(let found): customer = found
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
            // Once per rule, however many of its elements set nothing.
            if event.rulesWithoutFields.last != rule.name { event.rulesWithoutFields.append(rule.name) }
            return
        }
        switch customer {
        case .externalId(let externalId):
            event.updates.append(
                CustomerUpdate(
                    rule: rule.name, tenant: event.tenant, externalId: externalId, data: JSONObject(members: data),
                    allowExtraFields: allowExtraFields))
        case .lookup(let lookup):
            event.lookups.append(
                LookupUpdate(
                    rule: rule.name, tenant: event.tenant, lookup: lookup, data: JSONObject(members: data),
                    allowExtraFields: allowExtraFields))
        }
    }

    /// How a rule's update finds its customer.
    private enum Customer {
        case externalId(String)
        case lookup(IdentityLookup)
    }

    /// The rule's customer for the event: the first alternative of its
    /// externalId that is present; a lookup alternative adds its address
    /// and the search goes on, so that the addresses are looked up in
    /// order and a value after them is the fallback.
    private static func customer(of rule: Rule, _ context: EventContext) -> Result<Customer, EventError> {
        var addresses: [IdentityAddress] = []
        for alternative in rule.externalId.alternatives {
            switch alternative {
            case .externalId(let value):
                let found: JSONValue?
                do throws(TransformFailure) {
                    found = try value.evaluate(context)
                } catch {
                    return .failure(EventError(rule: rule.name, message: "externalId: \(error.message)"))
                }
                if found == nil, rule.externalId.alternatives.count > 1 { continue }
                switch identityText(found, value, "externalId", rule: rule.name) {
                case .success(let text):
                    guard !addresses.isEmpty else { return .success(.externalId(text)) }
                    return .success(
                        .lookup(
                            IdentityLookup(
                                addresses: addresses, fallback: text, whenUnresolved: rule.whenUnresolved, whenSeveral: rule.whenSeveral)))
                case .failure(let error): return .failure(error)
                }
            case .lookup(let kind, let value):
                let text: String
                switch Result(catching: { () throws(TransformFailure) in try value.evaluate(context) }) {
                case .success(nil): continue
                case .success(.string(let string)?): text = string
                case .success(.number(let number)?): text = number.text
                case .success(let other?):
                    return .failure(
                        EventError(
                            rule: rule.name, message: "\(kind.rawValue) to look up at \(value.text) is \(other.typeArticle), expected a string"))
                case .failure(let failure):
                    return .failure(EventError(rule: rule.name, message: "\(kind.rawValue) to look up: \(failure.message)"))
                }
                do throws(TransformFailure) {
                    addresses.append(try IdentityAddress(kind, text))
                } catch {
                    return .failure(EventError(rule: rule.name, message: "\(kind.rawValue) to look up at \(value.text): \(error.message)"))
                }
            }
        }
        guard !addresses.isEmpty else {
            return .failure(EventError(rule: rule.name, message: "externalId missing at \(rule.externalId.text)"))
        }
        return .success(
            .lookup(
                IdentityLookup(
                    addresses: addresses, whenUnresolved: rule.whenUnresolved, whenSeveral: rule.whenSeveral)))
    }

    /// The (customer, address) pairs of an update: each field it sets that
    /// the schema marks `EMAIL` or `PHONE`, when its value is a valid address.
    private func identities(_ update: CustomerUpdate) -> [LearnedIdentity] {
        update.data.members.compactMap { member in
            guard case .string(let text) = member.value, let pii = schema.field(named: member.key)?.pii,
                let kind = IdentityKind(pii: pii), let address = try? IdentityAddress(kind, text)
            else { return nil }
            return LearnedIdentity(tenant: update.tenant, externalId: update.externalId, address: address)
        }
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
        switch Result(catching: { () throws(TransformFailure) in try expression.evaluate(context) }) {
        case .success(let value): identityText(value, expression, what, rule: rule)
        case .failure(let failure): .failure(EventError(rule: rule, message: "\(what): \(failure.message)"))
        }
    }

    /// The text of the identity value `expression` produced, or why it is
    /// none: missing, not text, or not a valid ``IdentityValue``.
    private static func identityText(_ value: JSONValue?, _ expression: MappingValue, _ what: String, rule: String?) -> Result<String, EventError> {
        let text: String
        switch value {
        case .string(let string)?: text = string
        case .number(let number)?: text = number.text
        case nil: return .failure(EventError(rule: rule, message: "\(what) missing at \(expression.text)"))
        case let other?:
            return .failure(EventError(rule: rule, message: "\(what) at \(expression.text) is \(other.typeArticle), expected a string"))
        }
        if let violation = IdentityValue.violation(in: text) {
            return .failure(EventError(rule: rule, message: "\(what) at \(expression.text) is not a valid identity value: it \(violation)"))
        }
        return .success(text)
    }
}
