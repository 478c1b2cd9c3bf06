/// The transfers waiting for a free slot, first in first out, from which a cancelled transfer
/// can be taken out of the middle in constant time.
struct TransferQueue {
    private var slots: [CurlTransfer?] = []
    private var head = 0
    private var positions: [ObjectIdentifier: Int] = [:]

    var isEmpty: Bool { positions.isEmpty }

    mutating func append(_ transfer: CurlTransfer) {
        positions[ObjectIdentifier(transfer)] = slots.count
        slots.append(transfer)
    }

    /// Removes and returns the oldest waiting transfer.
    mutating func popFirst() -> CurlTransfer? {
        while head < slots.count {
            let transfer = slots[head]
            slots[head] = nil
            head += 1
            if let transfer {
                positions[ObjectIdentifier(transfer)] = nil
                compactIfWorthwhile()
                return transfer
            }
        }
        return nil
    }

    /// Removes `transfer` if it is still waiting; returns whether it was.
    mutating func remove(_ transfer: CurlTransfer) -> Bool {
        guard let position = positions.removeValue(forKey: ObjectIdentifier(transfer)) else { return false }
        slots[position] = nil
        return true
    }

    /// Removes and returns every waiting transfer, oldest first.
    mutating func removeAll() -> [CurlTransfer] {
        let all = slots[head...].compactMap { $0 }
        self = TransferQueue()
        return all
    }

    private mutating func compactIfWorthwhile() {
        guard head > 64, head * 2 > slots.count else { return }
        slots.removeFirst(head)
        head = 0
        for (offset, slot) in slots.enumerated() {
            if let slot { positions[ObjectIdentifier(slot)] = offset }
        }
    }
}
