/// Where a node is in the document, built while a query is evaluated:
/// either tracked (for ``JSONPath/nodes(_:)``) or not (for
/// ``JSONPath/select(_:)`` and filters, which need no paths).
protocol NodeTrail {
    static var root: Self { get }
    func appending(name: String) -> Self
    func appending(index: Int) -> Self
}

/// A trail that records nothing, so plain selection pays nothing for paths.
struct UntrackedTrail: NodeTrail {
    static var root: UntrackedTrail { UntrackedTrail() }
    func appending(name: String) -> UntrackedTrail { self }
    func appending(index: Int) -> UntrackedTrail { self }
}

/// A trail that records the steps from the root, sharing common prefixes.
final class NormalizedPath: NodeTrail, Sendable {
    private enum Step {
        case name(String)
        case index(Int)
    }

    private let parent: NormalizedPath?
    private let step: Step?

    private init(parent: NormalizedPath?, step: Step?) {
        self.parent = parent
        self.step = step
    }

    static var root: NormalizedPath { NormalizedPath(parent: nil, step: nil) }

    func appending(name: String) -> NormalizedPath { NormalizedPath(parent: self, step: .name(name)) }

    func appending(index: Int) -> NormalizedPath { NormalizedPath(parent: self, step: .index(index)) }

    /// The RFC 9535 §2.7 normalized path, e.g. `$['a'][0]`.
    var text: String {
        var steps: [Step] = []
        var current: NormalizedPath? = self
        while let node = current, let step = node.step {
            steps.append(step)
            current = node.parent
        }
        var text = "$"
        for step in steps.reversed() {
            switch step {
            case .name(let name):
                text += "['"
                NormalizedPath.appendEscaped(name, to: &text)
                text += "']"
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    /// Appends a member name as `normal-single-quoted` text: `'` and `\`
    /// backslash-escaped, `\b \f \n \r \t` for those controls, `\u00xx`
    /// (lowercase hex) for the other controls, everything else as is.
    static func appendEscaped(_ name: String, to text: inout String) {
        for scalar in name.unicodeScalars {
            switch scalar {
            case "'": text += "\\'"
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text += "\\u00" + (hex.count == 1 ? "0" : "") + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
    }
}
