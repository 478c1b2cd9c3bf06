import Foundation
import PatchBayCore
import Testing

@testable import PatchBayServer

@Suite struct ServeConfigurationTests {
    /// A JSON config file in a fresh temporary directory.
    func configFile(_ text: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("patchbay-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("serve.json")
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func error(
        commandLine: [ServeSetting: String] = [:], configFile: String? = nil, environment: [String: String] = [:]
    ) async -> String? {
        do {
            _ = try await ServeConfiguration.load(commandLine: commandLine, configFile: configFile, environment: environment)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func defaults() async throws {
        let configuration = try await ServeConfiguration.load(environment: [:])
        #expect(configuration == ServeConfiguration())
        #expect(configuration.port == 8080)
        #expect(configuration.dataDirectory == "./data")
        #expect(configuration.mappingsDirectory == "./mappings")
        #expect(configuration.upstream == nil)
        #expect(configuration.upstreamAuth == .none)
        #expect(configuration.bodyLimit == 1 << 20)
        #expect(configuration.timestampTolerance == .seconds(300))
        #expect(configuration.durability == .normal)
        #expect(configuration.retentionDays == 30)
        #expect(configuration.maxInFlight == 32)
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverTheFile() async throws {
        let file = try configFile(#"{"port": 7000, "data": "/file/data", "mappings": "/file/mappings", "bodyLimit": 1000}"#)
        let configuration = try await ServeConfiguration.load(
            commandLine: [.port: "9000"],
            configFile: file,
            environment: ["PATCHBAY_PORT": "8000", "PATCHBAY_DATA": "/env/data"])
        #expect(configuration.port == 9000)
        #expect(configuration.dataDirectory == "/env/data")
        #expect(configuration.mappingsDirectory == "/file/mappings")
        #expect(configuration.bodyLimit == 1000)
        #expect(configuration.retentionDays == 30)
    }

    @Test func theConfigFileMayBeNamedInTheEnvironment() async throws {
        let file = try configFile(#"{"durability": "full", "publicBaseUrl": "https://hooks.example.com/"}"#)
        let configuration = try await ServeConfiguration.load(environment: ["PATCHBAY_CONFIG": file])
        #expect(configuration.durability == .full)
        #expect(configuration.publicBaseURL == "https://hooks.example.com")
    }

    @Test func everySettingIsReadFromItsEnvironmentVariable() async throws {
        let environment = [
            "PATCHBAY_HOST": "127.0.0.1", "PATCHBAY_PORT": "1234", "PATCHBAY_DATA": "d", "PATCHBAY_MAPPINGS": "m",
            "PATCHBAY_UPSTREAM": "http://127.0.0.1:9999/", "PATCHBAY_UPSTREAM_PARTNER_ID": "partner-1",
            "PATCHBAY_UPSTREAM_JWT_SECRET": "jwt-secret", "PATCHBAY_BODY_LIMIT": "2048", "PATCHBAY_READ_TIMEOUT": "5",
            "PATCHBAY_TIMESTAMP_TOLERANCE": "60", "PATCHBAY_PUBLIC_BASE_URL": "https://hooks.example.com",
            "PATCHBAY_DURABILITY": "full", "PATCHBAY_RETENTION_DAYS": "7", "PATCHBAY_MAX_IN_FLIGHT": "8",
            "PATCHBAY_STANDIN_PORT": "0", "PATCHBAY_RETRY_BASE_MS": "250", "PATCHBAY_RETRY_CAP_MS": "60000",
            "PATCHBAY_RETRY_MAX_ATTEMPTS": "12", "PATCHBAY_RETRY_MAX_AGE_HOURS": "24", "PATCHBAY_IDENTITY_WAIT_HOURS": "48",
            "PATCHBAY_UPSTREAM_TIMEOUT_MS": "1500", "PATCHBAY_UPSTREAM_CA_FILE": #filePath, "PATCHBAY_PROVIDER_CA_FILE": #filePath,
            "PATCHBAY_UPSTREAM_STATUS_CLASSES": "404=retry", "PATCHBAY_EXTRA_FIELDS_PARAMETER": "acceptExtra",
            "PATCHBAY_STORE": "postgres://patchbay@127.0.0.1:5432/patchbay", "PATCHBAY_INSTANCE_ID": "bridge-1",
            "PATCHBAY_LEASE_SECONDS": "60",
            "PATCHBAY_ADMIN_HOST": "::1", "PATCHBAY_ADMIN_PORT": "9191", "PATCHBAY_ADMIN_TOKEN": "admin-secret-0123456789",
            "PATCHBAY_LOG_FORMAT": "text", "PATCHBAY_LOG_LEVEL": "debug", "PATCHBAY_LOG_UNREDACTED": "true",
        ]
        #expect(Set(environment.keys).isSuperset(of: ServeSetting.allCases.map(\.environmentVariable)))
        let configuration = try await ServeConfiguration.load(environment: environment)
        var expected = ServeConfiguration()
        expected.host = "127.0.0.1"
        expected.port = 1234
        expected.dataDirectory = "d"
        expected.mappingsDirectory = "m"
        expected.upstream = .remote("http://127.0.0.1:9999")
        expected.upstreamAuth = .partnerJWT(secret: "jwt-secret", partnerId: "partner-1")
        expected.bodyLimit = 2048
        expected.readTimeout = .seconds(5)
        expected.standInPort = 0
        expected.storeURL = "postgres://patchbay@127.0.0.1:5432/patchbay"
        expected.instanceId = "bridge-1"
        expected.lease = .seconds(60)
        expected.retryPolicy = RetryPolicy(
            baseDelay: .milliseconds(250), maxDelay: .seconds(60), maxAttempts: 12, maxAge: .seconds(24 * 3600),
            statusClasses: try UpstreamStatusClasses(parsing: "404=retry"))
        expected.extraFieldsParameter = "acceptExtra"
        expected.timestampTolerance = .seconds(60)
        expected.publicBaseURL = "https://hooks.example.com"
        expected.durability = .full
        expected.retentionDays = 7
        expected.identityWait = .seconds(48 * 3600)
        expected.maxInFlight = 8
        expected.upstreamTimeout = .milliseconds(1500)
        expected.upstreamCAFile = #filePath
        expected.providerCAFile = #filePath
        expected.adminHost = "::1"
        expected.adminPort = 9191
        expected.adminToken = "admin-secret-0123456789"
        expected.logFormat = .text
        expected.logLevel = .debug
        expected.logUnredacted = true
        #expect(configuration == expected)
    }

    @Test func everySettingIsReadFromItsFlag() async throws {
        let configuration = try await ServeConfiguration.load(
            commandLine: [.maxInFlight: "4", .readTimeout: "9", .upstream: "https://api.embedreach.com"], environment: [:])
        #expect(configuration.maxInFlight == 4)
        #expect(configuration.readTimeout == .seconds(9))
        #expect(configuration.upstream == .remote("https://api.embedreach.com"))
        #expect(try await ServeConfiguration.load(commandLine: [.upstream: "standin"], environment: [:]).upstream == .localStandIn)
        #expect(ServeSetting.publicBaseUrl.flag == "--public-base-url")
        #expect(ServeSetting.upstreamPartnerId.environmentVariable == "PATCHBAY_UPSTREAM_PARTNER_ID")
    }

    @Test func invalidValuesNameTheirSource() async throws {
        #expect(await error(commandLine: [.port: "eighty"]) == #"--port: expected an integer, got "eighty""#)
        #expect(
            await error(environment: ["PATCHBAY_PORT": "70000"])
                == #"PATCHBAY_PORT: expected an integer from 0 to 65535, got "70000""#)
        let file = try configFile(#"{"retentionDays": 0}"#)
        #expect(await error(configFile: file) == "\"retentionDays\" in \(file): expected an integer from 1 to 3650")
        #expect(await error(environment: ["PATCHBAY_DURABILITY": "sometimes"])?.hasPrefix("PATCHBAY_DURABILITY: expected normal or full") == true)
        #expect(await error(commandLine: [.bodyLimit: "0"]) != nil)
        #expect(await error(commandLine: [.mappings: ""]) != nil)
        #expect(await error(environment: ["PATCHBAY_LOG_FORMAT": "xml"]) == #"PATCHBAY_LOG_FORMAT: expected json or text, got "xml""#)
        #expect(await error(commandLine: [.logLevel: "loud"])?.hasPrefix("--log-level: expected trace, debug") == true)
        #expect(await error(environment: ["PATCHBAY_LOG_UNREDACTED": "maybe"]) == #"PATCHBAY_LOG_UNREDACTED: expected true or false, got "maybe""#)
        #expect(await error(commandLine: [.adminPort: "-1"]) != nil)
        #expect(
            await error(commandLine: [.upstreamCaFile: "/nonexistent/ca.pem"])
                == #"--upstream-ca-file: expected a readable PEM file, got "/nonexistent/ca.pem""#)
        #expect(
            await error(commandLine: [.upstreamStatusClasses: "401=later"])?
                .hasPrefix(#"--upstream-status-classes: expected comma-separated STATUS=CLASS entries ("401=later" is not"#) == true)
        #expect(
            await error(environment: ["PATCHBAY_EXTRA_FIELDS_PARAMETER": "a b"])?.hasPrefix(
                "PATCHBAY_EXTRA_FIELDS_PARAMETER: expected a query parameter name") == true)
        let typed = try configFile(#"{"host": 5}"#)
        #expect(await error(configFile: typed) == "\"host\" in \(typed): expected a string")
    }

    @Test func theLeaseOutlastsTwoUpstreamTimeouts() async throws {
        let defaults = try await ServeConfiguration.load(environment: [:])
        #expect(defaults.lease == nil)
        #expect(defaults.storeSettings.leaseDuration == 300)
        let slow = try await ServeConfiguration.load(commandLine: [.upstreamTimeoutMs: "200000"], environment: [:])
        #expect(slow.storeSettings.leaseDuration == 400, "the default lease grows with a long upstream timeout")
        let short = try await ServeConfiguration.load(
            commandLine: [.leaseSeconds: "3", .instanceId: "bridge-2"], environment: ["PATCHBAY_UPSTREAM_TIMEOUT_MS": "1500"])
        #expect(short.storeSettings.leaseDuration == 3)
        #expect(short.storeSettings.instanceId == "bridge-2")
        #expect(
            await error(commandLine: [.leaseSeconds: "59"])
                == #"--lease-seconds: expected at least 60, twice the upstream timeout, got "59""#)
        #expect(
            await error(commandLine: [.leaseSeconds: "2"], environment: ["PATCHBAY_UPSTREAM_TIMEOUT_MS": "1001"])
                == #"--lease-seconds: expected at least 3, twice the upstream timeout, got "2""#)
        #expect(
            await error(environment: ["PATCHBAY_LEASE_SECONDS": "0"])
                == #"PATCHBAY_LEASE_SECONDS: expected an integer from 1 to 86400, got "0""#)
    }

    @Test(arguments: ["api.embedreach.com", "ftp://x.example", "https://", "https://x.example?a=1", "not a url"])
    func upstreamMustBeAnHTTPBaseURL(value: String) async {
        #expect(await error(commandLine: [.upstream: value])?.hasPrefix("--upstream: expected an http or https base URL") == true)
    }

    @Test func configFileProblems() async throws {
        #expect(await error(configFile: "/nonexistent/patchbay.json")?.contains("cannot be read") == true)
        let broken = try configFile(#"{"port": }"#)
        #expect(await error(configFile: broken)?.hasPrefix("config file \(broken):") == true)
        let array = try configFile("[]")
        #expect(await error(configFile: array) == "config file \(array): expected a JSON object, got array")
        let misspelt = try configFile(#"{"prot": 1}"#)
        #expect(await error(configFile: misspelt)?.contains(#"unknown key "prot""#) == true)
        let secret = try configFile(#"{"upstreamToken": "abc"}"#)
        #expect(await error(configFile: secret)?.contains("PATCHBAY_UPSTREAM_TOKEN") == true)
    }

    @Test func upstreamCredentialsComeFromTheEnvironmentOrFiles() async throws {
        let token = try await ServeConfiguration.load(environment: ["PATCHBAY_UPSTREAM_TOKEN": "tok"])
        #expect(token.upstreamAuth == .staticToken("tok"))
        let file = try configFile("file-secret\n")
        let fromFile = try await ServeConfiguration.load(
            commandLine: [.upstreamPartnerId: "p1"], environment: ["PATCHBAY_UPSTREAM_JWT_SECRET_FILE": file])
        #expect(fromFile.upstreamAuth == .partnerJWT(secret: "file-secret", partnerId: "p1"))
        #expect(!String(describing: fromFile.upstreamAuth).contains("file-secret"))
    }

    @Test func inconsistentCredentialsAreRefused() async throws {
        #expect(await error(environment: ["PATCHBAY_UPSTREAM_TOKEN": "a", "PATCHBAY_UPSTREAM_JWT_SECRET": "b"]) != nil)
        #expect(await error(environment: ["PATCHBAY_UPSTREAM_JWT_SECRET": "b"])?.contains("partner id") == true)
        #expect(await error(commandLine: [.upstreamPartnerId: "p"])?.contains("PATCHBAY_UPSTREAM_JWT_SECRET") == true)
        #expect(await error(environment: ["PATCHBAY_UPSTREAM_TOKEN": "a", "PATCHBAY_UPSTREAM_TOKEN_FILE": "/x"]) != nil)
        #expect(await error(environment: ["PATCHBAY_UPSTREAM_TOKEN": ""])?.contains("empty") == true)
        #expect(
            await error(environment: ["PATCHBAY_UPSTREAM_TOKEN_FILE": "/nonexistent/token"])
                == "PATCHBAY_UPSTREAM_TOKEN_FILE: cannot read /nonexistent/token: No such file or directory")
        #expect(
            await error(environment: ["PATCHBAY_UPSTREAM_TOKEN": "Bearer abc"])
                == #"PATCHBAY_UPSTREAM_TOKEN starts with "Bearer ": give the token alone, PatchBay sends the "Bearer " itself"#)
    }

    @Test func aShortAdminTokenIsRefused() async throws {
        #expect(
            await error(environment: ["PATCHBAY_ADMIN_TOKEN": "fifteen-chars-x"])
                == "PATCHBAY_ADMIN_TOKEN is 15 characters long; use at least 16, e.g. $(openssl rand -hex 24)")
        #expect(try await ServeConfiguration.load(environment: ["PATCHBAY_ADMIN_TOKEN": "sixteen-chars-xx"]).adminToken == "sixteen-chars-xx")
    }

    @Test func listenerOptionsFollowTheConfiguration() async throws {
        let configuration = try await ServeConfiguration.load(
            commandLine: [.bodyLimit: "4096", .readTimeout: "3"], environment: [:])
        #expect(configuration.listenerOptions == ListenerOptions(bodyLimit: 4096, readTimeout: .seconds(3)))
    }
}
