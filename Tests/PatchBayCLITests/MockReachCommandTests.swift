import ReachStandIn
import Testing

@testable import patchbay

@Suite struct MockReachCommandTests {
    @Test func faultFlagsBecomeAPlan() throws {
        let command = try MockReachCommand.parse([
            "--port", "8099", "--fail-rate", "0.3", "--fail-status", "500,503", "--rate-limit-rate", "0.1",
            "--retry-after", "2", "--latency", "10ms-200ms", "--drop-rate", "0.05", "--stall-rate", "0.04",
            "--stall", "3s", "--seed", "9",
            "--reject-unknown-customers", "--extra-fields-parameter", "extra", "--journal-limit", "1000",
        ])
        let options = try command.options(environment: ["PATCHBAY_MOCK_REACH_TOKEN": "tok"])
        #expect(
            options
                == MockReachOptions(
                    host: "127.0.0.1", port: 8099, createOnPatch: false, extraFieldsParameter: "extra",
                    auth: .staticToken("tok"),
                    faults: FaultPlan(
                        seed: 9, failRate: 0.3, failStatuses: [500, 503], rateLimitRate: 0.1, retryAfterSeconds: 2,
                        latency: .milliseconds(10) ... .milliseconds(200), dropRate: 0.05, stallRate: 0.04,
                        stall: .seconds(3)),
                    journalLimit: 1000))
    }

    @Test func jwtSecretComesFromTheEnvironment() throws {
        let options = try MockReachCommand.parse([]).options(environment: ["PATCHBAY_MOCK_REACH_JWT_SECRET": "k"])
        #expect(options.auth == .jwt(secret: Array("k".utf8)))
        #expect(options.createOnPatch)
    }

    @Test(arguments: [
        ["--fail-rate", "2"], ["--fail-status", "abc"], ["--latency", "soon"], ["--port", "70000"],
        ["--fail-status", "200", "--fail-rate", "0.5"], ["--stall", "long"], ["--stall-rate", "1.5"],
        ["--journal-limit=-1"],
    ])
    func badFlagsAreUsageErrors(arguments: [String]) throws {
        let command = try MockReachCommand.parse(arguments)
        let failure = #expect(throws: CommandFailure.self) {
            _ = try command.options(environment: [:])
        }
        guard case .usage = failure else {
            Issue.record("expected a usage error, got \(String(describing: failure))")
            return
        }
    }
}
