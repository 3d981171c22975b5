/// Slots that threads fill at distinct indices: one allocation, no copy-on-write, no
/// exclusivity check across threads (each index is written by one thread only).
public final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    public init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.baseAddress?.deinitialize(count: slots.count)
        slots.deallocate()
    }
    public func set(_ i: Int, _ value: T) { slots[i] = value }
    public func get(_ i: Int) -> T? { slots[i] }
}
