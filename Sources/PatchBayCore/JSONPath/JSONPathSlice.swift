extension SliceBounds {
    /// The array indices a slice selects from an array of `count` elements,
    /// in selection order (RFC 9535 §2.3.4.2.2): defaults filled in, negative
    /// bounds counted from the end, bounds clamped, a zero step selecting
    /// nothing.
    func indices(count: Int) -> StrideTo<Int> {
        let step = self.step ?? 1
        guard step != 0 else { return stride(from: 0, to: 0, by: 1) }
        func normalized(_ index: Int) -> Int { index >= 0 ? index : count + index }
        if step > 0 {
            let lower = min(max(normalized(start ?? 0), 0), count)
            let upper = min(max(normalized(end ?? count), 0), count)
            return stride(from: lower, to: upper, by: step)
        }
        let upper = min(max(normalized(start ?? count - 1), -1), count - 1)
        let lower = min(max(normalized(end ?? -count - 1), -1), count - 1)
        return stride(from: upper, to: lower, by: step)
    }
}
