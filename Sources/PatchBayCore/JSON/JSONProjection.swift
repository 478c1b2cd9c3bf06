/// The parts of a document a reader looks at, so a parser can build only
/// those and merely check the rest: the members named along a set of
/// singular JSONPath queries, with everything below the end of each query.
///
/// A document parsed with a projection is as strictly checked as any other
/// (syntax, UTF-8, duplicate names, depth), and every query the projection
/// was made from selects from it exactly what it selects from the whole.
final class JSONProjection: Sendable {
    /// One member to build: its name's UTF-8 and ``MemberName/hash(_:)``,
    /// and what to build of its value (`nil`: all of it).
    struct Member: Sendable {
        let utf8: [UInt8]
        let hash: UInt64
        let value: JSONProjection?
    }

    /// The members of an object to build; other members are skipped.
    let members: [Member]

    private init(members: [Member]) {
        self.members = members
    }

    /// The projection for `paths`, or `nil` when the whole document is
    /// needed: a path is not singular, or does not start with a name.
    convenience init?(paths: [JSONPath]) {
        let root = Draft()
        for path in paths {
            guard let steps = path.singularSteps, case .name? = steps.first else { return nil }
            root.add(steps[...])
        }
        self.init(members: root.frozenMembers())
    }

    /// What to build of the value of the member whose name has the UTF-8
    /// `name` and `hash`: `.some(nil)` all of it, `.some(projection)` a
    /// part, `nil` nothing.
    @inline(__always)
    func member(named name: UnsafeRawBufferPointer, hash: UInt64) -> JSONProjection?? {
        for member in members where member.hash == hash && member.utf8.withUnsafeBytes({ $0.hasSameBytes(as: name) }) {
            return .some(member.value)
        }
        return nil
    }

    /// A projection being built: `nil` children mean the whole value.
    private final class Draft {
        var children: [(name: String, draft: Draft?)] = []

        func add(_ steps: ArraySlice<SingularStep>) {
            guard case .name(let name, _)? = steps.first else { return }
            let rest = steps.dropFirst()
            // An index step, or the end of the path, needs the whole value.
            let needsWhole: Bool
            if case .name? = rest.first { needsWhole = false } else { needsWhole = true }
            if let position = children.firstIndex(where: { JSONPathComparison.sameScalars($0.name, name) }) {
                guard let draft = children[position].draft else { return }
                if needsWhole { children[position].draft = nil } else { draft.add(rest) }
            } else if needsWhole {
                children.append((name: name, draft: nil))
            } else {
                let draft = Draft()
                draft.add(rest)
                children.append((name: name, draft: draft))
            }
        }

        func frozenMembers() -> [Member] {
            children.map { child in
                Member(
                    utf8: Array(child.name.utf8), hash: MemberName.hash(child.name),
                    value: child.draft.map { JSONProjection(members: $0.frozenMembers()) })
            }
        }
    }
}
