extension EventMapping {
    /// The status an event is logged with, its error and its updates.
    var initialState: (status: EventStatus, error: String?, updates: [NewUpdate]) {
        switch self {
        case .updates(let updates, let problems): (updates.isEmpty ? .ignored : .pending, problems, updates)
        case .failed(let message): (.failedMapping, message, [])
        }
    }
}
