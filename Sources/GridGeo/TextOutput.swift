import Foundation

/// Why an output could not be written: the path and the system's reason, e.g.
/// "cannot write out/x.csv: No such file or directory 无法写入".
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) { self.path = path; self.reason = reason }

    /// The error `errno` names now, for `path`.
    static func system(_ path: String) -> OutputError { OutputError(path: path, reason: String(cString: strerror(errno))) }

    public var description: String {
        "cannot write \(path == "-" ? "standard output" : path): \(reason) 无法写入\(path == "-" ? "标准输出" : "文件")"
    }
}

/// A buffered byte writer to a file or standard output, for streamed outputs.
///
/// With `atomically`, a regular file is written under a temporary name in its folder and renamed
/// to `path` by `close()`: until then any file already at `path` is untouched, and an output
/// given up (an error, the writer dropped without `close()`) leaves nothing behind. So an
/// output may even replace the file being read.
public final class TextOutput {
    private let file: UnsafeMutablePointer<FILE>
    public private(set) var buffer: [UInt8] = []
    public let path: String
    /// The temporary file written until `close()` renames it to `path`.
    private let temporary: String?

    /// Opens `path` for writing ("-" is standard output).
    public init(path: String, atomically: Bool = false) throws {
        self.path = path
        if path == "-" {
            guard let f = fdopen(dup(1), "wb") else { throw OutputError.system(path) }
            file = f; temporary = nil
        } else if atomically, Self.isRegularOrAbsent(path) {
            let url = URL(fileURLWithPath: path)
            var template = Array(url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).gridpin-XXXXXX").path.utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else { throw OutputError.system(path) }
            let temp = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            // mkstemp makes the file 0600; give it the mode a new file gets (0666 less the umask).
            let mask = umask(0); umask(mask)
            fchmod(fd, 0o666 & ~mask)
            guard let f = fdopen(fd, "wb") else { let e = OutputError.system(path); closeDescriptor(fd); unlink(temp); throw e }
            file = f; temporary = temp
        } else {
            guard let f = fopen(path, "wb") else { throw OutputError.system(path) }
            file = f; temporary = nil
        }
        buffer.reserveCapacity(1 << 20)
    }

    /// Whether `path` names a regular file or nothing yet (not a device, pipe or folder).
    private static func isRegularOrAbsent(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return errno == ENOENT }
        return info.st_mode & S_IFMT == S_IFREG
    }

    deinit {
        // An atomic output not closed is given up; a plain one is flushed, and a failure there
        // has nowhere to go: callers that care call close() themselves.
        if !closed {
            if let temporary { fclose(file); unlink(temporary) } else { try? close() }
        }
    }

    /// The first write failure, kept until `flush()` or `close()` throws it.
    private var failure: Error?

    @inline(__always) public func write(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { drain() }
    }

    @inline(__always) public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { drain() }
    }

    /// Writes the contents of a byte buffer: large ones straight to the file, after what is buffered.
    public func write(_ bytes: ByteBuffer) {
        guard bytes.count > 0 else { return }
        if bytes.count < 1 << 16 {
            buffer.append(contentsOf: UnsafeBufferPointer(start: bytes.base, count: bytes.count))
            if buffer.count >= 1 << 20 { drain() }
            return
        }
        drain()
        guard failure == nil else { return }
        let n = fwrite(bytes.base, 1, bytes.count, file)
        if n != bytes.count { failure = OutputError.system(path) }
    }

    /// Writes the buffer out, keeping a failure for the next `flush()` or `close()`.
    private func drain() {
        do { try flush() } catch { if failure == nil { failure = error } }
    }

    public func flush() throws {
        if let failure { throw failure }
        guard !buffer.isEmpty else { return }
        let n = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        let wanted = buffer.count
        buffer.removeAll(keepingCapacity: true)
        guard n == wanted else {
            let error = OutputError.system(path)
            failure = error
            throw error
        }
    }

    /// Flushes and closes the file (standard output is flushed only), then gives an atomic
    /// output its name. Throws when any of it failed — the C library's own buffer is written
    /// out only here, so a full disk may first show now; an atomic output is then removed.
    public func close() throws {
        guard !closed else { return }
        closed = true
        var error: OutputError?
        do { try flush() } catch let e as OutputError { error = e }
        if fflush(file) != 0, error == nil { error = .system(path) }
        if fclose(file) != 0, error == nil { error = .system(path) }
        if let temporary {
            if error == nil, rename(temporary, path) != 0 { error = .system(path) }
            if error != nil { unlink(temporary) }
        }
        if let error { throw error }
    }
    private var closed = false
}

/// The C library's `close`, which `TextOutput`'s own `close()` hides inside the class.
private func closeDescriptor(_ fd: Int32) { _ = close(fd) }

/// A growable run of bytes that output is assembled in, appended to through a raw pointer so that
/// per-row formatting costs no bounds checks or reference counting.
///
/// One thread uses a buffer at a time; its fields skip the runtime's exclusivity checks, which
/// would otherwise cost more than the appends themselves.
public final class ByteBuffer: @unchecked Sendable {
    @exclusivity(unchecked) @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @exclusivity(unchecked) @usableFromInline var used = 0

    /// How many bytes it holds.
    @inlinable public var count: Int { used }

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(16, capacity)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// The first byte; valid until the next append.
    public var base: UnsafePointer<UInt8> { UnsafePointer(storage) }

    public func removeAll() { used = 0 }

    /// Keeps only the first `n` bytes.
    public func truncate(_ n: Int) { used = max(0, min(used, n)) }

    /// Makes room for `n` more bytes, so that appends of up to that many need no checks.
    @inlinable @inline(__always) public func reserve(_ n: Int) {
        if used + n > capacity { grow(used + n) }
    }

    @usableFromInline func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let s = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        s.update(from: storage, count: used)
        storage.deallocate()
        storage = s; capacity = c
    }

    /// Appends one byte; room for it must have been reserved.
    @inlinable @inline(__always) public func put(_ b: UInt8) {
        storage[used] = b; used += 1
    }

    /// The first free byte, for writers that then `advance` past what they wrote; room must have
    /// been reserved.
    @inlinable public var end: UnsafeMutablePointer<UInt8> { storage + used }

    /// Counts `n` bytes written at `end`.
    @inlinable @inline(__always) public func advance(_ n: Int) { used += n }

    /// Appends `n` bytes; room for them must have been reserved.
    @inlinable @inline(__always) public func put(_ p: UnsafePointer<UInt8>, _ n: Int) {
        (storage + used).update(from: p, count: n); used += n
    }

    /// Appends `n` bytes by copying 32 when `n` is at most 32: the 32 bytes at `p` must be
    /// readable, and room for 32 must have been reserved.
    @inlinable @inline(__always) public func putShort(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if n > 32 { put(p, n); return }
        let to = UnsafeMutableRawPointer(storage + used), from = UnsafeRawPointer(p)
        to.storeBytes(of: from.loadUnaligned(as: SIMD16<UInt8>.self), as: SIMD16<UInt8>.self)
        to.storeBytes(of: from.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt8>.self), toByteOffset: 16, as: SIMD16<UInt8>.self)
        used += n
    }

    /// Appends bytes, making room for them.
    @inlinable public func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n); put(p, n)
    }

    /// Appends bytes, making room for them.
    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { if let b = $0.baseAddress { append(b, $0.count) } }
    }

    /// Appends `value` as `TextFormat.appendNumber` writes it.
    public func appendNumber(_ value: Double, decimals: Int) {
        reserve(TextFormat.numberCapacity)
        if let n = TextFormat.formatNumber(value, decimals: decimals, into: storage + used) {
            used += n
        } else {
            append(Array(String(value).utf8))
        }
    }

    /// Appends `v` in decimal.
    public func appendInteger(_ v: Int) {
        reserve(TextFormat.numberCapacity)
        used += TextFormat.formatInteger(v, into: storage + used)
    }
}

/// Appends text to a byte buffer: fixed-decimal numbers and JSON-escaped strings, without
/// going through `String(format:)`.
public enum TextFormat {

    /// Appends `value` rounded to `decimals` places, trailing zeros trimmed ("108.5", "-3", "0.0000001").
    /// Non-finite values are written as `null`.
    public static func appendNumber(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: numberCapacity) { tmp in
            if let n = formatNumber(value, decimals: decimals, into: tmp.baseAddress!) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: tmp[0..<n]))
            } else {
                out.append(contentsOf: Array(String(value).utf8))
            }
        }
    }

    /// The most bytes `formatNumber` and `formatInteger` write.
    public static let numberCapacity = 48

    /// Writes what `appendNumber` appends to `out` and returns its length, or `nil` for numbers
    /// too large for fixed decimals, which are written as Swift's `String(value)`.
    public static func formatNumber(_ value: Double, decimals: Int, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard value.isFinite else {
            out[0] = UInt8(ascii: "n"); out[1] = UInt8(ascii: "u"); out[2] = UInt8(ascii: "l"); out[3] = UInt8(ascii: "l")
            return 4
        }
        let divisor = powerOfTen(min(9, max(0, decimals)))
        let scaled = (abs(value) * Double(divisor)).rounded()
        guard scaled < 9e15 else { return nil }
        let units = UInt64(scaled)
        if units == 0 { out[0] = UInt8(ascii: "0"); return 1 }
        var n = 0
        if value < 0 { out[0] = UInt8(ascii: "-"); n = 1 }
        let intPart = units / divisor
        var frac = units % divisor
        n += formatInteger(intPart, into: out + n)
        if frac > 0 {
            var digits = decimals
            while frac % 10 == 0 { frac /= 10; digits -= 1 }
            out[n] = UInt8(ascii: "."); n += 1
            var i = n + digits - 1
            for k in n..<(n + digits) { out[k] = UInt8(ascii: "0") }
            while frac > 0 { out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: frac % 10); frac /= 10; i -= 1 }
            n += digits
        }
        return n
    }

    /// 10^k for k in 0...9.
    @inline(__always) private static func powerOfTen(_ k: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0..<k { p &*= 10 }
        return p
    }

    /// Writes `v` in decimal and returns its length.
    @inline(__always)
    public static func formatInteger(_ v: UInt64, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1, w = v
        while w >= 10 { digits += 1; w /= 10 }
        var i = digits - 1, v = v
        while i > 0 { out[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10); v /= 10; i -= 1 }
        out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v)
        return digits
    }

    /// Writes `v` in decimal, with a minus sign when negative, and returns its length.
    public static func formatInteger(_ v: Int, into out: UnsafeMutablePointer<UInt8>) -> Int {
        if v < 0 { out[0] = UInt8(ascii: "-"); return 1 + formatInteger(UInt64(v.magnitude), into: out + 1) }
        return formatInteger(UInt64(v), into: out)
    }

    public static func appendInteger(_ v: UInt64, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: numberCapacity) { tmp in
            let n = formatInteger(v, into: tmp.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: tmp[0..<n]))
        }
    }

    public static func appendInteger(_ v: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")); appendInteger(UInt64(v.magnitude), to: &out) }
        else { appendInteger(UInt64(v), to: &out) }
    }

    /// Appends `s` as a JSON string literal (RFC 8259 §7), UTF-8 passed through.
    public static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
