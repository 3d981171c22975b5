import Foundation
import GridGeo

/// What `Responsibility.appendCSV` has written before, for one thread: `,lead,support,rule,reason`
/// segments in an arena of bytes with up to two holes where the place's distance goes, and which
/// segment each place (category and layer indices) gets, so that a row seen before costs one
/// lookup and a copy.
public final class SegmentCache {
    struct Segment { var from: Int32, to: Int32, holes: (Int32, Int32) }
    // Only one thread uses a cache; unchecked, as the runtime's exclusivity checks cost more per
    // row than the lookups.
    @exclusivity(unchecked) var segments: [Segment] = []
    /// `Responsibility.segmentKey` → index in `segments`: places whose segments read alike share one.
    let texts = WordTable()
    /// `Responsibility.placeKey` → `entry(segment:distance:)`, or `noRule` when no rule decides.
    let places = WordTable()
    let arena = ByteBuffer(capacity: 1 << 16)
    /// Where a segment is written before it is kept: one buffer reused, not one made a segment.
    @exclusivity(unchecked) private var scratch: [UInt8] = []
    /// Bytes kept at most (then segments are made each time).
    static let limit = 64 << 20
    /// A place no rule decides.
    static let noRule = 3

    public init() {}

    /// A place's entry: its segment, and which distance fills the segment's holes (0 none,
    /// 1 the market's, 2 the road's).
    @inline(__always) static func entry(segment: Int, distance: Int) -> Int { segment << 2 | distance }

    /// Makes a segment with `write` and returns its index; `nil` when the arena is full or the
    /// segment has more than two holes.
    func make(_ write: (inout [UInt8]) -> Void) -> Int? {
        guard arena.count < Self.limit else { return nil }
        return withScratch { bytes in
            write(&bytes)
            return keep(bytes)
        }
    }

    /// Runs `body` on the scratch buffer, emptied; the buffer is kept for the next call.
    @inline(__always) func withScratch<R>(_ body: (inout [UInt8]) -> R) -> R {
        // Taken out while in use, so that the buffer has one owner and is not copied.
        var bytes = scratch
        scratch = []
        bytes.removeAll(keepingCapacity: true)
        defer { scratch = bytes }
        return body(&bytes)
    }

    /// Keeps a segment written with zero bytes for holes; its index, or `nil` when it has more
    /// than two holes.
    private func keep(_ bytes: [UInt8]) -> Int? {
        let from = arena.count
        var holes: (Int32, Int32) = (-1, -1)
        let fits: Bool = bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return true }
            // Copy the runs between zero bytes; each zero is a hole where the run after it starts.
            arena.reserve(b.count)
            var at = 0, count = 0
            while at <= b.count {
                let zero = at < b.count ? memchr(p + at, 0, b.count - at).map { p.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } : nil
                let end = zero ?? b.count
                arena.put(p + at, end - at)
                guard zero != nil else { break }
                count += 1
                if count > 2 { return false }
                if count == 1 { holes.0 = Int32(arena.count) } else { holes.1 = Int32(arena.count) }
                at = end + 1
            }
            return true
        }
        guard fits else { arena.truncate(from); return nil }
        segments.append(Segment(from: Int32(from), to: Int32(arena.count), holes: holes))
        return segments.count - 1
    }

    /// Appends segment `k` with `distance` written into its holes.
    @inline(__always) func copy(_ k: Int, distance: Int, to out: ByteBuffer) {
        let s = segments[k]
        out.reserve(Int(s.to - s.from) + 2 * TextFormat.numberCapacity)
        let base = arena.base
        var at = Int(s.from)
        @inline(__always) func fill(_ hole: Int32) {
            guard hole >= 0 else { return }
            out.put(base + at, Int(hole) - at)
            out.advance(TextFormat.formatInteger(distance, into: out.end))
            at = Int(hole)
        }
        fill(s.holes.0); fill(s.holes.1)
        out.put(base + at, Int(s.to) - at)
    }
}

/// A hash table from two-word keys to non-negative integers, by open addressing: a lookup is a
/// multiply and a probe or two, where `Dictionary` would run `Hasher` over the key.
final class WordTable {
    // One thread uses a table; unchecked, as the runtime's exclusivity checks cost more than a probe.
    @exclusivity(unchecked) private var keys: UnsafeMutablePointer<(UInt64, UInt64)>
    /// −1 marks an empty slot.
    @exclusivity(unchecked) private var values: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var shift: UInt64
    @exclusivity(unchecked) private(set) var count = 0

    init() {
        capacity = 256; shift = 64 - 8
        keys = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: -1, count: capacity)
    }

    deinit { keys.deallocate(); values.deallocate() }

    /// The slot of a key: its own, or the empty one where it would go.
    @inline(__always) private func slot(_ a: UInt64, _ b: UInt64) -> Int {
        // Fibonacci hashing of the two words mixed: the top bits of the product pick the slot.
        var k = Int(truncatingIfNeeded: ((a ^ (b &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while values[k] >= 0 && (keys[k].0 != a || keys[k].1 != b) { k = (k + 1) & (capacity - 1) }
        return k
    }

    /// The value kept under a key, or −1.
    @inline(__always) func value(_ a: UInt64, _ b: UInt64) -> Int { values[slot(a, b)] }

    /// Keeps `value` (≥ 0) under a key.
    func set(_ a: UInt64, _ b: UInt64, _ value: Int) {
        precondition(value >= 0, "WordTable keeps non-negative values")
        if 2 * (count + 1) > capacity { grow() }
        let k = slot(a, b)
        if values[k] < 0 { count += 1 }
        keys[k] = (a, b); values[k] = value
    }

    private func grow() {
        let (oldKeys, oldValues, oldCapacity) = (keys, values, capacity)
        capacity *= 2; shift -= 1
        keys = .allocate(capacity: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: -1, count: capacity)
        for k in 0..<oldCapacity where oldValues[k] >= 0 {
            let s = slot(oldKeys[k].0, oldKeys[k].1)
            keys[s] = oldKeys[k]; values[s] = oldValues[k]
        }
        oldKeys.deallocate(); oldValues.deallocate()
    }
}
