import Foundation
import PatchBayCore
import Synchronization

/// A customer as the mock Reach keeps it: Reach's resource fields and the
/// customer `data`.
struct StoredCustomer: Sendable, Equatable {
    var id: UUID
    var tenant: String?
    var externalId: String
    var businessId: UUID
    var createdAt: Date
    var updatedAt: Date
    var data: JSONObject
}

/// The mock Reach's customers, in memory, keyed by tenant (the
/// `reach-tenant-id` they were written with, or none) and externalId.
final class MockCustomerStore: Sendable {
    private struct Key: Hashable {
        var tenant: String?
        var externalId: String
    }

    private struct State {
        var customers: [Key: StoredCustomer] = [:]
        /// One business id per tenant, as Reach has one business per tenant.
        var businesses: [String?: UUID] = [:]
    }

    private let state = Mutex(State())

    /// The customer, if there is one.
    func customer(tenant: String?, externalId: String) -> StoredCustomer? {
        state.withLock { $0.customers[Key(tenant: tenant, externalId: externalId)] }
    }

    /// Creates a customer with `data`; `nil` when it already exists.
    func create(tenant: String?, externalId: String, data: JSONObject, at now: Date) -> StoredCustomer? {
        state.withLock { state in
            let key = Key(tenant: tenant, externalId: externalId)
            guard state.customers[key] == nil else { return nil }
            let business = state.businesses[tenant] ?? UUID()
            state.businesses[tenant] = business
            let customer = StoredCustomer(
                id: UUID(), tenant: tenant, externalId: externalId, businessId: business,
                createdAt: now, updatedAt: now, data: data)
            state.customers[key] = customer
            return customer
        }
    }

    /// Merges `data` into the customer (fields present replace, others stay);
    /// `nil` when there is no such customer.
    func merge(tenant: String?, externalId: String, data: JSONObject, at now: Date) -> StoredCustomer? {
        state.withLock { state in
            let key = Key(tenant: tenant, externalId: externalId)
            guard var customer = state.customers[key] else { return nil }
            for (name, value) in data { customer.data[name] = value }
            customer.updatedAt = now
            state.customers[key] = customer
            return customer
        }
    }
}
