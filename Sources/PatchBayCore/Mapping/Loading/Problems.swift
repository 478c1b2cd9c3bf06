/// Collects every problem found while loading one mapping file, so the
/// operator sees them all at once instead of fixing them one by one.
final class Problems {
    /// The file the problems are in.
    let file: String?
    private(set) var all: [MappingProblem] = []

    init(file: String?) {
        self.file = file
    }

    /// Records a problem at `location`.
    func report(_ location: Location, _ message: String, expected: String? = nil) {
        all.append(MappingProblem(file: file, location: location.path, message: message, expected: expected))
    }

    /// Records a problem found in another file (a referenced schema).
    func append(_ problem: MappingProblem) {
        all.append(problem)
    }

    /// Whether nothing has been reported.
    var isEmpty: Bool { all.isEmpty }
}
