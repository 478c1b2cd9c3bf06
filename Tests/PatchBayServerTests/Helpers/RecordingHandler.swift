import PatchBayServer
import Synchronization

/// A webhook handler that records what reaches it and answers `reply`.
final class RecordingHandler: WebhookHandler {
    let served: Set<String>
    let urlChecked: Set<String>
    let reply: WebhookReply
    private let received = Mutex<[IncomingWebhook]>([])

    init(sources: Set<String> = ["stripe", "mailchimp"], urlChecked: Set<String> = ["mailchimp"], reply: WebhookReply = .accepted(events: 1)) {
        self.served = sources
        self.urlChecked = urlChecked
        self.reply = reply
    }

    var deliveries: [IncomingWebhook] { received.withLock { $0 } }

    func serves(_ source: String) -> Bool { served.contains(source) }

    func answersURLCheck(source: String) -> Bool { urlChecked.contains(source) }

    func handle(_ delivery: IncomingWebhook) async -> WebhookReply {
        received.withLock { $0.append(delivery) }
        return reply
    }
}

/// A readiness probe with a fixed answer.
struct FixedReadiness: ReadinessProbe {
    var state: Readiness

    func readiness() async -> Readiness { state }
}
