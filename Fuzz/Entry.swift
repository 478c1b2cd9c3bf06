// The libFuzzer entry point shared by every fuzzer: each Fuzz/<target>/
// directory names its target in `fuzzTarget`, and run.sh links one fuzzer per
// directory. The targets themselves live in
// Tests/PatchBayCoreTests/Fuzzing/FuzzTarget.swift, which the regression
// tests replay.

/// Called by libFuzzer with each input; a broken invariant aborts, so
/// libFuzzer keeps the input as a crasher.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let violation = fuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError("\(fuzzTarget.rawValue): \(violation)")
    }
    return 0
}
