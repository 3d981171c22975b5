/// Texts as bytes in one run, text `k` being `bytes[offsets[k]..<offsets[k + 1]]`, for appending
/// to rows: taking a `[UInt8]` out of a `[[UInt8]]` retains and releases it, once per text a row.
struct ByteTable: Sendable {
    private let bytes: [UInt8]
    private let offsets: [Int32]

    init(_ texts: [[UInt8]]) {
        var bytes: [UInt8] = [], offsets: [Int32] = [0]
        for t in texts { bytes += t; offsets.append(Int32(bytes.count)) }
        self.bytes = bytes; self.offsets = offsets
    }

    init(_ texts: [String]) { self.init(texts.map { Array($0.utf8) }) }

    var count: Int { offsets.count - 1 }

    /// Text `k`, as a new array.
    subscript(k: Int) -> [UInt8] { Array(bytes[Int(offsets[k])..<Int(offsets[k + 1])]) }

    /// Appends text `k` to `out`.
    @inline(__always) func append(_ k: Int, to out: inout [UInt8]) {
        let start = Int(offsets[k]), end = Int(offsets[k + 1])
        bytes.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of a string fixed in the program (no array behind it to retain).
    @inline(__always) mutating func append(static s: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
