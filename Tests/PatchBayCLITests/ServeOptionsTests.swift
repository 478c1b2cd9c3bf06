import PatchBayServer
import Testing

@testable import patchbay

@Suite struct ServeOptionsTests {
    @Test func flagsBecomeSettings() throws {
        let options = try ServeOptions.parse(["--port", "9000", "--public-base-url", "https://x.example", "--config", "c.json"])
        #expect(options.commandLine == [.port: "9000", .publicBaseUrl: "https://x.example"])
        #expect(options.config == "c.json")
    }

    @Test func everySettingHasAFlagWhoseHelpNamesItsVariable() {
        let help = ServeOptions.helpMessage(columns: 1000)
        for setting in ServeSetting.allCases {
            #expect(help.contains(setting.isSwitch ? setting.flag : setting.flag + " <"), "\(setting.flag)")
            #expect(help.contains(setting.environmentVariable), "\(setting.environmentVariable)")
        }
        #expect(help.contains("PATCHBAY_CONFIG"))
    }

    @Test func everyFlagParses() throws {
        let arguments = ServeSetting.allCases.flatMap { $0.isSwitch ? [$0.flag] : [$0.flag, "1"] }
        let options = try ServeOptions.parse(arguments)
        #expect(Set(options.commandLine.keys) == Set(ServeSetting.allCases))
    }

    @Test func invalidValuesAreUsageErrors() async throws {
        let options = try ServeOptions.parse(["--port", "http"])
        let failure = await #expect(throws: CommandFailure.self) {
            _ = try await options.configuration(environment: [:])
        }
        guard case .usage(let message) = failure else {
            Issue.record("expected a usage error, got \(String(describing: failure))")
            return
        }
        #expect(message.contains("--port"))
    }

    /// A forgotten upstream must not "deliver" real events to a stand-in:
    /// serve refuses to start, showing both choices.
    @Test func withoutAnUpstreamServeRefusesToStart() async throws {
        let serve = try await PatchBayProcess.run(["serve", "--port", "0", "--data", "/nonexistent/never-used"])
        #expect(serve.status == 2)
        #expect(serve.standardError.contains("no upstream: set --upstream (PATCHBAY_UPSTREAM"))
        #expect(serve.standardError.contains("--upstream https://api.embedreach.com"))
        #expect(serve.standardError.contains("--upstream standin"))

        let standIn = try await ServeOptions.parse(["--upstream", "standin"]).configuration(environment: [:])
        #expect(standIn.upstream == .localStandIn)
        let fromEnvironment = try await ServeOptions.parse([]).configuration(environment: ["PATCHBAY_UPSTREAM": "https://api.embedreach.com"])
        #expect(fromEnvironment.upstream == .remote("https://api.embedreach.com"))
    }
}
