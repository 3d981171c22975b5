import Foundation

/// A buffered byte writer to a file or standard output, for streamed outputs.
public final class TextOutput {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    public private(set) var buffer: [UInt8] = []
    public let path: String

    /// Opens `path` for writing ("-" is standard output).
    public init(path: String) throws {
        self.path = path
        if path == "-" {
            file = fdopen(dup(1), "wb"); ownsFile = true
        } else {
            guard let f = fopen(path, "wb") else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "cannot write \(path): \(String(cString: strerror(errno)))"])
            }
            file = f; ownsFile = true
        }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        // A failure here has nowhere to go: callers that care call close() themselves.
        if !closed { try? close() }
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
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "writing \(path) failed: \(String(cString: strerror(errno)))"])
        }
    }

    /// Flushes and closes the file (standard output is flushed only).
    public func close() throws {
        guard !closed else { return }
        try flush()
        fflush(file)
        if ownsFile { fclose(file) }
        closed = true
    }
    private var closed = false
}

/// Appends text to a byte buffer: fixed-decimal numbers and JSON-escaped strings, without
/// going through `String(format:)`.
public enum TextFormat {
    private static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

    /// Appends `value` rounded to `decimals` places, trailing zeros trimmed ("108.5", "-3", "0.0000001").
    /// Non-finite values are written as `null`.
    public static func appendNumber(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        guard value.isFinite else { out.append(contentsOf: Array("null".utf8)); return }
        let scale = powers[min(9, max(0, decimals))]
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else {
            out.append(contentsOf: Array(String(value).utf8)); return
        }
        let units = UInt64(scaled)
        if units == 0 { out.append(UInt8(ascii: "0")); return }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let divisor = UInt64(scale)
        let intPart = units / divisor
        var frac = units % divisor
        appendInteger(intPart, to: &out)
        if frac > 0 {
            var digits = decimals
            while frac % 10 == 0 { frac /= 10; digits -= 1 }
            out.append(UInt8(ascii: "."))
            var tmp = [UInt8](repeating: UInt8(ascii: "0"), count: digits)
            var i = digits - 1
            while frac > 0 { tmp[i] = UInt8(ascii: "0") + UInt8(frac % 10); frac /= 10; i -= 1 }
            out.append(contentsOf: tmp)
        }
    }

    public static func appendInteger(_ v: UInt64, to out: inout [UInt8]) {
        if v == 0 { out.append(UInt8(ascii: "0")); return }
        var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                  UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var v = v
        withUnsafeMutableBytes(of: &tmp) { buf in
            while v > 0 { buf[n] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }

    public static func appendInteger(_ v: Int, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")); appendInteger(UInt64(-v), to: &out) }
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
