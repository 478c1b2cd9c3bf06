/// Evaluates parsed queries against a document (RFC 9535 §2.3–2.5).
///
/// `Trail` decides whether node locations are tracked; the untracked
/// specialization carries no path data at all.
struct JSONPathEvaluator {
    /// The document root, which absolute queries in filters start from.
    let root: JSONValue

    /// A selected node: its value and its location.
    struct Node<Trail: NodeTrail> {
        let value: JSONValue
        let trail: Trail
    }

    /// The nodes `path` selects starting from `start`.
    func evaluate<Trail: NodeTrail>(_ path: SegmentSequence, from start: Node<Trail>) -> [Node<Trail>] {
        var nodes = [start]
        for segment in path.segments {
            var next: [Node<Trail>] = []
            for node in nodes {
                if segment.isDescendant {
                    applyDescending(segment.selectors, to: node, into: &next)
                } else {
                    apply(segment.selectors, to: node, into: &next)
                }
            }
            nodes = next
            if nodes.isEmpty { break }
        }
        return nodes
    }

    /// The single value a singular query's `steps` reach from `start`, or
    /// `nil` (Nothing) when a step finds no member or element.
    static func walk(_ steps: [SingularStep], from start: JSONValue) -> JSONValue? {
        var current = start
        for step in steps {
            switch step {
            case .name(let name, let hash):
                guard case .object(let object) = current, let value = JSONPathComparison.member(named: name, hash: hash, in: object) else {
                    return nil
                }
                current = value
            case .index(let index):
                guard case .array(let elements) = current else { return nil }
                let position = index < 0 ? elements.count + index : index
                guard elements.indices.contains(position) else { return nil }
                current = elements[position]
            }
        }
        return current
    }

    /// Applies a descendant segment: the selectors to `node` and to each of
    /// its descendants, parents before children, in document order.
    private func applyDescending<Trail: NodeTrail>(_ selectors: [SegmentSelector], to node: Node<Trail>, into output: inout [Node<Trail>]) {
        apply(selectors, to: node, into: &output)
        switch node.value {
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                applyDescending(selectors, to: Node(value: element, trail: node.trail.appending(index: index)), into: &output)
            }
        case .object(let object):
            for member in object.members {
                applyDescending(selectors, to: Node(value: member.value, trail: node.trail.appending(name: member.key)), into: &output)
            }
        default:
            break
        }
    }

    /// Applies a child segment's selectors to one node, in selector order.
    private func apply<Trail: NodeTrail>(_ selectors: [SegmentSelector], to node: Node<Trail>, into output: inout [Node<Trail>]) {
        for selector in selectors {
            select(selector, from: node, into: &output)
        }
    }

    private func select<Trail: NodeTrail>(_ selector: SegmentSelector, from node: Node<Trail>, into output: inout [Node<Trail>]) {
        switch (selector, node.value) {
        case (.name(let name), .object(let object)):
            if let value = JSONPathComparison.member(named: name, hash: MemberName.hash(name), in: object) {
                output.append(Node(value: value, trail: node.trail.appending(name: name)))
            }
        case (.index(let index), .array(let elements)):
            let position = index < 0 ? elements.count + index : index
            if elements.indices.contains(position) {
                output.append(Node(value: elements[position], trail: node.trail.appending(index: position)))
            }
        case (.slice(let bounds), .array(let elements)):
            for position in bounds.indices(count: elements.count) {
                output.append(Node(value: elements[position], trail: node.trail.appending(index: position)))
            }
        case (.wildcard, .array(let elements)):
            for (index, element) in elements.enumerated() {
                output.append(Node(value: element, trail: node.trail.appending(index: index)))
            }
        case (.wildcard, .object(let object)):
            for member in object.members {
                output.append(Node(value: member.value, trail: node.trail.appending(name: member.key)))
            }
        case (.filter(let expression), .array(let elements)):
            for (index, element) in elements.enumerated() where test(expression, current: element) {
                output.append(Node(value: element, trail: node.trail.appending(index: index)))
            }
        case (.filter(let expression), .object(let object)):
            for member in object.members where test(expression, current: member.value) {
                output.append(Node(value: member.value, trail: node.trail.appending(name: member.key)))
            }
        default:
            break
        }
    }
}
