/// When a rule fires: tests on one value, combined with all / any / not.
indirect enum Condition: Sendable {
    /// Every condition holds (true when empty).
    case all([Condition])
    /// At least one condition holds.
    case any([Condition])
    /// The condition does not hold.
    case not(Condition)
    /// Every test holds for the value.
    case test(MappingValue, [ValueTest])

    /// Whether the condition holds for the event.
    func holds(_ context: EventContext) throws(TransformFailure) -> Bool {
        switch self {
        case .all(let conditions):
            for condition in conditions where try !condition.holds(context) { return false }
            return true
        case .any(let conditions):
            for condition in conditions where try condition.holds(context) { return true }
            return false
        case .not(let condition):
            return try !condition.holds(context)
        case .test(let subject, let tests):
            let value = try subject.evaluate(context)
            return tests.allSatisfy { $0.holds(for: value) }
        }
    }
}
