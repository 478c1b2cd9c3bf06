import ArgumentParser
import Foundation
import Hummingbird
import ReachStandIn

/// `patchbay mock-reach`: a local stand-in for Reach's customer API.
struct MockReachCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-reach",
        abstract: "Serve a local stand-in for Reach's customer API, with optional faults.",
        discussion: """
            Serves GET, POST and PATCH /api/resources/customers/{externalId} with Reach's response \
            envelope, customers kept in memory per reach-tenant-id and externalId, checked against \
            Reach's nine default customer fields. GET /_mock/requests lists every customer API \
            request received, in order; DELETE /_mock/requests empties that journal.

            Bearer auth is checked when one of these is set (never a flag):
              PATCHBAY_MOCK_REACH_TOKEN       a static token every request must carry
              PATCHBAY_MOCK_REACH_JWT_SECRET  the shared secret of HS256 JWTs every request must carry

            Faults are drawn from a generator seeded with --seed: the same requests in the same order \
            meet the same faults. The process stops gracefully on SIGINT or SIGTERM.
            """
    )

    @Option(help: "Port to listen on; 0 picks a free one, printed at start.") var port: Int = 0
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Flag(help: "Answer 404 to a PATCH for an unknown customer instead of creating it.")
    var rejectUnknownCustomers = false
    @Flag(
        help:
            "Answer a PATCH or POST that repeats an earlier successful request's Idempotency-Key with that request's answer, without applying it again (as an upstream honouring the header does)."
    )
    var deduplicateIdempotencyKeys = false
    @Option(help: "Query parameter that lets a request carry fields outside the schema (accepted, not saved).")
    var extraFieldsParameter = "allowExtraFields"
    @Option(help: "Share of requests (0-1) answered with an error status from --fail-status.")
    var failRate: Double = 0
    @Option(help: "Comma-separated error statuses for --fail-rate, picked uniformly.")
    var failStatus = "500"
    @Option(help: "Share of requests (0-1) answered 429 with Retry-After.")
    var rateLimitRate: Double = 0
    @Option(help: "Retry-After seconds sent with an injected 429.")
    var retryAfter = 1
    @Option(help: "Latency added before every answer: 250ms, 1s, or a range such as 10ms-200ms.")
    var latency = "0"
    @Option(help: "Share of requests (0-1) whose connection is reset without a response.")
    var dropRate: Double = 0
    @Option(help: "Share of requests (0-1) held for --stall, then reset without a response (a timeout for the client).")
    var stallRate: Double = 0
    @Option(help: "How long a stalled request is held: 250ms, 10s.")
    var stall = "10s"
    @Option(help: "Also append every answered or dropped request to this file, one JSON object per line.")
    var journalFile: String?
    @Option(help: "Seed of the fault sequence.")
    var seed: UInt64 = 1
    @Option(help: "Keep only the most recent N requests in the journal (0 keeps none), so long loads stay small in memory; unlimited by default.")
    var journalLimit: Int?

    func run() async throws {
        let options = try options(environment: ProcessInfo.processInfo.environment)
        var onComplete: (@Sendable (JournalEntry) -> Void)?
        if let journalFile {
            do {
                let file = try JournalFile(path: journalFile)
                onComplete = { file.append($0) }
            } catch {
                throw CommandFailure.failed("--journal-file: cannot open \(journalFile): \(error)")
            }
        }
        let mock = MockReach(options: options, journal: RequestJournal(limit: options.journalLimit, onComplete: onComplete))
        let app = mock.application { port in
            FileHandle.standardOutput.write(Data("mock Reach listening on http://\(host):\(port)\n".utf8))
        }
        do {
            try await app.runService()
        } catch {
            throw CommandFailure.failed("mock Reach stopped: \(error)")
        }
    }

    func options(environment: [String: String]) throws -> MockReachOptions {
        guard let statuses = FaultPlan.statuses(from: failStatus) else {
            throw CommandFailure.usage("--fail-status: expected statuses such as 500,503, got \"\(failStatus)\"")
        }
        guard let latencyRange = FaultPlan.latency(from: latency) else {
            throw CommandFailure.usage("--latency: expected 250ms, 1s or a range such as 10ms-200ms, got \"\(latency)\"")
        }
        guard let stallDuration = FaultPlan.duration(from: Substring(stall)) else {
            throw CommandFailure.usage("--stall: expected a duration such as 250ms or 10s, got \"\(stall)\"")
        }
        let plan = FaultPlan(
            seed: seed, failRate: failRate, failStatuses: statuses, rateLimitRate: rateLimitRate,
            retryAfterSeconds: retryAfter, latency: latencyRange, dropRate: dropRate, stallRate: stallRate,
            stall: stallDuration)
        if let problem = plan.problem { throw CommandFailure.usage(problem) }
        guard (0...65535).contains(port) else { throw CommandFailure.usage("--port: expected 0 to 65535, got \(port)") }
        if let journalLimit, journalLimit < 0 {
            throw CommandFailure.usage("--journal-limit: expected 0 or more, got \(journalLimit)")
        }
        return MockReachOptions(
            host: host, port: port, createOnPatch: !rejectUnknownCustomers,
            extraFieldsParameter: extraFieldsParameter, auth: try Self.auth(environment: environment),
            deduplicatesIdempotencyKeys: deduplicateIdempotencyKeys, faults: plan,
            journalLimit: journalLimit)
    }

    private static func auth(environment: [String: String]) throws -> MockReachAuth {
        switch (environment["PATCHBAY_MOCK_REACH_TOKEN"], environment["PATCHBAY_MOCK_REACH_JWT_SECRET"]) {
        case (.some, .some):
            throw CommandFailure.usage("set PATCHBAY_MOCK_REACH_TOKEN or PATCHBAY_MOCK_REACH_JWT_SECRET, not both")
        case (.some(let token), nil): return .staticToken(token)
        case (nil, .some(let secret)): return .jwt(secret: Array(secret.utf8))
        case (nil, nil): return .none
        }
    }
}
