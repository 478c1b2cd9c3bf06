// The reference server of the ingest benchmark (Benchmarks/ingest.sh): a bare
// Hummingbird route that reads the whole request body and answers 202 with a
// reply the size of the bridge's, so the benchmark measures what verification,
// mapping and the durable commit cost on top of Hummingbird itself.
//
// Usage: bare-hummingbird [PORT]   (default 8090; binds 127.0.0.1)
import Foundation
import Hummingbird

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8090
let reply = #"{"events":1,"status":"accepted"}"#

let router = Router()
router.post("/hooks/:source") { request, _ -> Response in
    let body = try await request.body.collect(upTo: 1 << 20)
    guard body.readableBytes > 0 else { return Response(status: .badRequest) }
    return Response(
        status: .accepted,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: reply)))
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "bare-hummingbird"))
try await app.runService()
