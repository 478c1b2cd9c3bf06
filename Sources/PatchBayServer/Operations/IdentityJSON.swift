import PatchBayCore
import PatchBayStore

/// The JSON shapes of the identity index in the CLI and the admin API.
public enum IdentityJSON {
    /// `{"entries": {"email": n, "phone": n}, "customers": n, "waitingUpdates": n}`.
    public static func statistics(_ statistics: IdentityStatistics) -> JSONValue {
        .object(
            JSONObject([
                (
                    key: "entries",
                    value: .object(
                        JSONObject(
                            IdentityKind.allCases.map { kind in
                                (key: kind.rawValue, value: .number(JSONNumber(statistics.entries[kind.rawValue] ?? 0)))
                            }))
                ),
                (key: "customers", value: .number(JSONNumber(statistics.customers))),
                (key: "waitingUpdates", value: .number(JSONNumber(statistics.waitingUpdates))),
            ]))
    }
}
