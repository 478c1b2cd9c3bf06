import PostgresNIO

/// A `WHERE` clause put together from optional conditions, with bound values.
struct PostgresFilter {
    private var conditions: [String] = []
    private var bindings = PostgresBindings()

    /// Adds a condition; each `?` in `sql` stands for the next of `values`.
    mutating func add(_ sql: String, _ values: any PostgresDynamicTypeEncodable...) {
        let parts = sql.split(separator: "?", omittingEmptySubsequences: false)
        precondition(parts.count == values.count + 1, "\(values.count) values for the placeholders of '\(sql)'")
        var condition = String(parts[0])
        for (value, part) in zip(values, parts.dropFirst()) {
            bindings.append(value)
            condition += "$\(bindings.count)" + part
        }
        conditions.append(condition)
    }

    /// `select` with the conditions joined by `AND`, then the order and the limit.
    func query(_ select: String, orderedBy order: String, limit: Int) -> PostgresQuery {
        var bindings = bindings
        bindings.append(limit)
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return PostgresQuery(unsafeSQL: "\(select)\(filter) ORDER BY \(order) LIMIT $\(bindings.count)", binds: bindings)
    }
}
