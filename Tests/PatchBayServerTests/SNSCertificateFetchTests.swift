import Foundation
import PatchBayCore
import TestSupport
import Testing

@testable import PatchBayServer

/// The fetcher's single flight: deliveries that need a signing certificate
/// while it is being fetched wait for that one fetch instead of each
/// starting their own. (A test client that sends one request at a time
/// never shows this; here the stand-in holds the fetch open while every
/// delivery joins it.)
@Suite struct SNSCertificateFetchTests {
    @Test func deliveriesWaitingForOneCertificateShareOneFetch() async throws {
        let standIn = try await SNSStandIn.start(holdingCertificates: true)
        let certificates = SNSSigningCertificates()
        let fetcher = ProviderFetcher(caFile: standIn.authorityFile.path, certificates: certificates)
        let verifier = SNSVerifier(
            topics: [Array(SNSDeliveryTests.topic.utf8)], hosts: [try #require(SNSHostPattern("localhost"))], certificates: certificates)
        let deliveries = try (0..<8).map { index in
            Delivery(headers: [.contentType: "text/plain"], body: try SNSDeliveryTests.message(standIn, id: "m-\(index)"))
        }
        do {
            // Every delivery joins while the stand-in holds the certificate, so
            // none can find the fetch over and start another.
            let fetches = try deliveries.map { _ in try fetcher.certificateFetch(standIn.certificateURL) }
            standIn.releaseCertificates()
            // Each delivery, once its wait is over, verifies with the certificate fetched.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (delivery, fetch) in zip(deliveries, fetches) {
                    group.addTask {
                        try await fetch.value
                        try verifier.verify(delivery, now: Date())
                    }
                }
                try await group.waitForAll()
            }
            #expect(standIn.requests.certificateFetches.withLock { $0 } == 1)
        } catch {
            standIn.releaseCertificates()
            await fetcher.shutdown()
            try await standIn.stop()
            throw error
        }
        await fetcher.shutdown()
        try await standIn.stop()
    }
}
