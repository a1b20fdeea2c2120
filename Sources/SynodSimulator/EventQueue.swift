/// A min-heap of timed events; ties are broken by insertion order, so the schedule is a pure
/// function of the inputs (no hashing, no wall clock).
public struct EventQueue<Event: Sendable>: Sendable {
    private var heap: [(time: UInt64, sequence: UInt64, event: Event)] = []
    private var nextSequence: UInt64 = 0

    /// Creates an empty queue.
    public init() {}

    /// The number of pending events.
    public var count: Int { heap.count }

    /// Schedules `event` at `time`.
    public mutating func push(_ event: Event, at time: UInt64) {
        heap.append((time, nextSequence, event))
        nextSequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest event and its time, without removing it.
    public var first: (time: UInt64, event: Event)? { heap.first.map { ($0.time, $0.event) } }

    /// Removes and returns the earliest event.
    public mutating func pop() -> (time: UInt64, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, less(left, smallest) { smallest = left }
            if right < heap.count, less(right, smallest) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return (top.time, top.event)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        (heap[a].time, heap[a].sequence) < (heap[b].time, heap[b].sequence)
    }
}
