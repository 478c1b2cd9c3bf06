// Fills a data directory with a backlog of pending updates for the memory
// benchmark (Benchmarks/backlog-memory.sh), fast: each NDJSON line on standard
// input is one Stripe event, signed as Stripe signs it and handed to the bridge's
// own ingest pipeline (verification, mapping, group commit into the SQLite log)
// without HTTP in between.
//
// Usage: python3 Benchmarks/generate-stripe-events.py N |
//        backlog-seeder DATA_DIR STRIPE_MAPPING_FILE [CONCURRENCY]
import Crypto
import Foundation
import HTTPTypes
import Logging
import PatchBayCore
import PatchBayServer
import PatchBayStore

struct SeederFailure: Error, CustomStringConvertible {
    let description: String
}

/// The lines of standard input, read in large blocks.
struct StandardInputLines: Sequence, IteratorProtocol {
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false

    mutating func next() -> [UInt8]? {
        while true {
            if let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = end + 1 }
                return Array(buffer[start..<end])
            }
            if finished {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return Array(buffer[start...])
            }
            buffer.removeFirst(start)
            start = 0
            let block = FileHandle.standardInput.readData(ofLength: 1 << 20)
            if block.isEmpty { finished = true } else { buffer += block }
        }
    }
}

let secret = "whsec_backlog_seeder"
let arguments = CommandLine.arguments.dropFirst().map { $0 }
guard arguments.count >= 2, let concurrency = Int(arguments.count > 2 ? arguments[2] : "256"), concurrency > 0 else {
    throw SeederFailure(description: "usage: backlog-seeder DATA_DIR STRIPE_MAPPING_FILE [CONCURRENCY] < events.ndjson")
}
let mappingPath = arguments[1]
guard let mappingFile = FileManager.default.contents(atPath: mappingPath) else {
    throw SeederFailure(description: "cannot read \(mappingPath)")
}
let mappings = try MappingSet(files: [(path: mappingPath, contents: Array(mappingFile))]) { path in
    guard let data = FileManager.default.contents(atPath: path) else { throw SeederFailure(description: "cannot read \(path)") }
    return Array(data)
}
guard let source = mappings.sources.first else { throw SeederFailure(description: "\(mappingPath) has no mapping") }
let catalog = try SourceCatalog(
    mappings: mappings,
    readSecret: SecretSource(environment: ["PATCHBAY_SECRET_" + source.uppercased(): secret]).read)
// Opened as `serve` opens it: with the data directory's identity key, since the Stripe mapping learns identities.
let dataDirectory = URL(fileURLWithPath: arguments[0])
try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
var configuration = SQLiteStoreConfiguration()
configuration.identityKey = try IdentityKeyFile.load(
    dataDirectory: dataDirectory, environmentValue: ProcessInfo.processInfo.environment[IdentityKeyFile.environmentVariable])
let store = try SQLiteStore(directory: dataDirectory, configuration: configuration)
let pipeline = IngestPipeline(
    catalog: CatalogHolder(catalog), store: store, publicBaseURL: nil, logger: Logger(label: "backlog-seeder"),
    onAccepted: {})
let key = SymmetricKey(data: Array(secret.utf8))

/// `body` as Stripe delivers it: signed with the current time.
func delivery(_ body: [UInt8]) -> IncomingWebhook {
    let timestamp = String(Int(Date().timeIntervalSince1970))
    let signature = HMAC<SHA256>.authenticationCode(for: Array((timestamp + ".").utf8) + body, using: key)
    let hex = SignatureEncoding.hex.encode(signature)
    let headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("Stripe-Signature")!: "t=\(timestamp),v1=\(hex)"]
    return IncomingWebhook(
        source: source, method: "POST", path: "/hooks/\(source)", query: nil, authority: "127.0.0.1", headers: headers,
        remoteAddress: "127.0.0.1", body: body, receivedAt: Date())
}

let started = ContinuousClock.now
var replies: [String: Int] = [:]
await withTaskGroup(of: WebhookReply.self) { group in
    var inFlight = 0
    for line in StandardInputLines() where !line.isEmpty {
        if inFlight == concurrency, let reply = await group.next() {
            replies["\(reply)", default: 0] += 1
            inFlight -= 1
        }
        let incoming = delivery(line)
        group.addTask { await pipeline.handle(incoming) }
        inFlight += 1
    }
    for await reply in group { replies["\(reply)", default: 0] += 1 }
}
let elapsed = ContinuousClock.now - started
try await store.close()
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
let total = replies.values.reduce(0, +)
print("ingested \(total) deliveries in \(String(format: "%.1f", seconds)) s (\(Int(Double(total) / seconds))/s): \(replies)")
guard replies.keys.allSatisfy({ $0.hasPrefix("accepted") }) else { exit(1) }
