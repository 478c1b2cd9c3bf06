/// Which PatchBay this is: `patchbay --version` prints it, and every upstream
/// request says it in its `User-Agent`.
public enum PatchBayVersion {
    /// The release number.
    public static let number = "0.5.0"
    /// The git commit the binary was built from (short hash, `-modified` for
    /// a work tree with changes, `unknown` outside git).
    public static let commit = buildCommit
    /// `0.5.0 (commit 1a2b3c4d5e6f)`.
    public static var description: String { "\(number) (commit \(commit))" }
    /// The `User-Agent` of upstream requests: `patchbay/0.5.0 (1a2b3c4d5e6f)`.
    public static var userAgent: String { "patchbay/\(number) (\(commit))" }
}
