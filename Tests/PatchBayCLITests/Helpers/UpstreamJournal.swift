import Foundation
import PatchBayTransport
import Testing

/// The mock Reach's journal of PATCH requests.
struct UpstreamJournal {
    let url: String
    let client: CurlClient

    /// Per customer, the event indices of the emails applied (answered 200), in arrival order.
    func applied() async throws -> [String: [Int]] {
        let response = try await client.send(TransportRequest(method: "GET", url: url))
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
        var applied: [String: [Int]] = [:]
        for entry in entries where entry["method"] as? String == "PATCH" && entry["status"] as? Int == 200 {
            guard let customer = entry["externalId"] as? String,
                let email = ((entry["body"] as? [String: Any])?["data"] as? [String: Any])?["email"] as? String,
                let index = StripeSender.index(ofEmail: email)
            else { continue }
            applied[customer, default: []].append(index)
        }
        return applied
    }

    /// The applied indices once `done` holds for them, or after 30 s.
    func waitUntil(_ done: ([String: [Int]]) -> Bool) async throws -> [String: [Int]] {
        let deadline = Date().addingTimeInterval(30)
        var current = try await applied()
        while !done(current) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            current = try await applied()
        }
        return current
    }

    /// Waits until every customer of `customers` got its last event
    /// (`lastIndex`), then checks what each saw: its events' emails in order
    /// (a repeat allowed), ending with the last. Returns how many PATCHes
    /// repeated the one before them (applied twice).
    func expectAllDeliveredInOrder(customers: Range<Int>, lastIndex: Int) async throws -> Int {
        let drained = try await waitUntil { applied in
            customers.allSatisfy { applied[StripeSender.customerId($0)]?.last == lastIndex }
        }
        var repeated = 0
        for customer in customers {
            let indices = drained[StripeSender.customerId(customer)] ?? []
            #expect(indices == indices.sorted(), "customer \(customer) saw updates out of order: \(indices)")
            #expect(indices.last == lastIndex, "customer \(customer) lost updates: \(indices)")
            repeated += zip(indices, indices.dropFirst()).filter { $0 == $1 }.count
        }
        return repeated
    }
}
