/// A random source that always yields the same value: 0 makes a full-jitter draw its lowest,
/// `UInt64.max` its highest.
struct FixedRandom: RandomNumberGenerator {
    let value: UInt64

    mutating func next() -> UInt64 { value }
}
