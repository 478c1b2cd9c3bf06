import Foundation
import HTTPTypes
import PatchBayCore
import PatchBayTransport
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A headless Chromium driven over the W3C WebDriver protocol (plain HTTP
/// and JSON, sent with the project's libcurl client) through a `chromedriver`
/// child process on a loopback port it picks itself.
final class WebDriver: Sendable {
    static let chromedriverPath = "/usr/bin/chromedriver"
    static let chromiumPath = "/usr/bin/chromium"
    /// The W3C key of an element reference.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// Whether Debian's `chromium` and `chromium-driver` are installed.
    static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: chromedriverPath) && FileManager.default.isExecutableFile(atPath: chromiumPath)
    }

    private let process: Process
    private let client: CurlClient
    private let base: String

    private init(process: Process, client: CurlClient, base: String) {
        self.process = process
        self.client = client
        self.base = base
    }

    /// Starts chromedriver and a headless browser session.
    static func start(windowWidth: Int = 1280, windowHeight: Int = 1000) async throws -> WebDriver {
        let (process, port) = try await startDriver()
        let driver = WebDriver(process: process, client: try CurlClient(), base: "http://127.0.0.1:\(port)")
        let capabilities: JSONValue = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": .string(chromiumPath),
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            .string("--window-size=\(windowWidth),\(windowHeight)"),
                        ],
                    ],
                ]
            ]
        ]
        let session = try await driver.send("POST", "/session", capabilities)
        guard let id = session["sessionId"]?.stringValue else {
            await driver.stop()
            throw WebDriverError("no session: \(session)")
        }
        driver.sessionId.withLock { $0 = id }
        return driver
    }

    /// Runs chromedriver on a port of its choosing and returns once it says
    /// which. With `--port=0` it picks an IPv6 port and then binds IPv4 to
    /// the same number, which fails now and then while other tests hold
    /// ephemeral ports; then it exits, and a new one is started.
    private static func startDriver() async throws -> (Process, Int) {
        for attempt in 1...5 {
            do {
                return try await startDriverOnce()
            } catch let error as WebDriverError where error.description.contains("port not available") && attempt < 5 {
                continue
            }
        }
        throw WebDriverError("chromedriver found no free port")
    }

    private static func startDriverOnce() async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromedriverPath)
        process.arguments = ["--port=0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let printed = Mutex("")
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            printed.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        var port: Int?
        for _ in 0..<200 where port == nil {
            let exited = !process.isRunning
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
            port = printed.withLock { Self.port(in: $0) }
            if exited { break }
        }
        output.fileHandleForReading.readabilityHandler = nil
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw WebDriverError("chromedriver did not say which port it listens on: \(printed.withLock { $0 })")
        }
        return (process, port)
    }

    private let sessionId = Mutex("")

    private static func port(in text: String) -> Int? {
        guard let range = text.range(of: "started successfully on port ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// Sends one WebDriver command and returns its `value`.
    @discardableResult
    func send(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let response = try await client.send(
            TransportRequest(
                method: method, url: base + path, headers: [.contentType: "application/json"], body: body.map { Array($0.serialized().utf8) } ?? [],
                timeout: .seconds(60)))
        let json = try JSONParser().parse(response.body)
        guard response.status == 200 else { throw WebDriverError("\(method) \(path): \(response.status) \(json)") }
        return json["value"] ?? .null
    }

    /// A command on this session.
    @discardableResult
    func session(_ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        try await send(method, "/session/\(sessionId.withLock { $0 })\(path)", body)
    }

    func open(_ url: String) async throws {
        try await session("POST", "/url", ["url": .string(url)])
    }

    /// The element `css` selects, once it exists (within `seconds`).
    func element(_ css: String, seconds: Double = 10) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            do {
                let found = try await session("POST", "/element", ["using": "css selector", "value": .string(css)])
                if let id = found[Self.elementKey]?.stringValue { return id }
            } catch  where Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                continue
            }
            throw WebDriverError("no element \(css)")
        }
    }

    func click(_ css: String) async throws {
        try await withElement(css) { id in
            try await session("POST", "/element/\(id)/click", [:])
        }
    }

    func type(_ css: String, _ text: String) async throws {
        try await withElement(css) { id in
            try await session("POST", "/element/\(id)/clear", [:])
            try await session("POST", "/element/\(id)/value", ["text": .string(text)])
        }
    }

    /// Runs `action` on the element `css` selects, finding it again when the
    /// page re-rendered it in between (a "stale element reference").
    private func withElement(_ css: String, _ action: (String) async throws -> Void) async throws {
        for attempt in 1...5 {
            do {
                return try await action(try await element(css))
            } catch let error as WebDriverError where error.description.contains("stale element") && attempt < 5 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    func run(_ script: String, _ args: [JSONValue] = []) async throws -> JSONValue {
        try await session("POST", "/execute/sync", ["script": .string(script), "args": .array(args)])
    }

    /// Waits until `script` returns true in the page (within `seconds`).
    func waitUntil(_ script: String, seconds: Double = 15) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await run(script) == true { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await run(script) == true
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        guard let base64 = try await session("GET", "/screenshot").stringValue, let png = Data(base64Encoded: base64) else {
            throw WebDriverError("the screenshot is not base64")
        }
        return png
    }

    /// Ends the session and chromedriver.
    func stop() async {
        if !sessionId.withLock({ $0 }).isEmpty { _ = try? await session("DELETE", "") }
        process.terminate()
        for _ in 0..<50 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        await client.shutdown()
    }
}

/// A WebDriver command that failed.
struct WebDriverError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
