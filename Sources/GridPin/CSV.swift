import Foundation

/// Reads CSV (RFC 4180) records from a file as a stream: quoted fields may hold commas, quotes
/// ("" inside quotes) and line breaks; CRLF and LF both end a record; a UTF-8 byte-order mark is
/// skipped. Each record comes with the line it starts on (1-based), for messages.
public final class CSVReader {
    private let file: UnsafeMutablePointer<FILE>
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var length = 0, position = 0
    private var atEOF = false
    private var line = 1
    public let path: String

    public init(path: String) throws {
        self.path = path
        guard let f = path == "-" ? fdopen(dup(0), "rb") : fopen(path, "rb") else {
            throw InputError(source: path, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        file = f
        refill()
        if length >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF { position = 3 }
    }

    deinit { fclose(file) }

    private func refill() {
        if position < length { chunk.replaceSubrange(0..<(length - position), with: chunk[position..<length]) }
        length -= position; position = 0
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress! + length, 1, $0.count - length, file) }
        if n == 0 { atEOF = true }
        length += n
    }

    @inline(__always) private func peek() -> UInt8? {
        if position == length {
            if atEOF { return nil }
            refill()
            if position == length { return nil }
        }
        return chunk[position]
    }

    /// Appends the next record's raw text (quotes kept, line break dropped) to `buffer` and
    /// returns the line it starts on, or `nil` at the end of the file.
    public func nextRaw(into buffer: inout [UInt8]) -> Int? {
        let startLine = line
        var quoted = false, sawAny = false
        while true {
            if position == length {
                if atEOF { break }
                refill()
                if position == length { break }
            }
            sawAny = true
            // Scan the chunk for the end of the record.
            var i = position
            var ended = false
            chunk.withUnsafeBufferPointer { c in
                while i < length {
                    let b = c[i]
                    if b == UInt8(ascii: "\"") { quoted.toggle() }
                    else if b == 0x0A { if quoted { line += 1 } else { ended = true; break } }
                    else if b == 0x0D && !quoted { ended = true; break }
                    i += 1
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: c[position..<i]))
            }
            position = i
            if ended {
                let b = chunk[position]
                position += 1
                if b == 0x0D, peek() == 0x0A { position += 1 }
                line += 1
                return startLine
            }
        }
        return sawAny ? startLine : nil
    }

    /// The next record's fields and the line it starts on, or `nil` at the end of the file.
    public func next() -> (line: Int, fields: [String])? {
        var raw: [UInt8] = []
        guard let line = nextRaw(into: &raw) else { return nil }
        return (line, CSVFormat.fields(raw[...]))
    }
}

/// Writes CSV (RFC 4180) fields, quoting those that hold a comma, quote or line break.
public enum CSVFormat {
    /// The fields of one raw record, unquoted.
    public static func fields(_ raw: ArraySlice<UInt8>) -> [String] {
        var out: [String] = []
        var i = raw.startIndex
        while true {
            let (value, next) = field(raw, from: i)
            out.append(String(decoding: value, as: UTF8.self))
            guard let n = next else { return out }
            i = n
        }
    }

    /// The unquoted bytes of the field that starts at `i`, and where the next field starts
    /// (`nil` after the last).
    @inline(__always)
    public static func field(_ raw: ArraySlice<UInt8>, from i: Int) -> (ArraySlice<UInt8>, Int?) {
        var j = i
        if j < raw.endIndex && raw[j] == UInt8(ascii: "\"") {
            var value: [UInt8] = []
            j += 1
            while j < raw.endIndex {
                if raw[j] == UInt8(ascii: "\"") {
                    if j + 1 < raw.endIndex && raw[j + 1] == UInt8(ascii: "\"") { value.append(raw[j]); j += 2; continue }
                    j += 1
                    break
                }
                value.append(raw[j]); j += 1
            }
            while j < raw.endIndex && raw[j] != UInt8(ascii: ",") { value.append(raw[j]); j += 1 }
            return (value[...], j < raw.endIndex ? j + 1 : nil)
        }
        while j < raw.endIndex && raw[j] != UInt8(ascii: ",") { j += 1 }
        return (raw[i..<j], j < raw.endIndex ? j + 1 : nil)
    }

    /// Parses a decimal number from bytes, surrounding spaces allowed: the exact fast path
    /// (mantissa under 2^53, at most 22 decimals: one correctly rounded division), else `strtod`.
    public static func parseDouble(_ bytes: ArraySlice<UInt8>) -> Double? {
        var i = bytes.startIndex, end = bytes.endIndex
        while i < end && bytes[i] == 0x20 { i += 1 }
        while end > i && bytes[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0, digits = 0, decimals = 0, seenPoint = false, simple = true
        var j = i
        while j < end {
            let b = bytes[j]
            if b >= 0x30 && b <= 0x39 {
                if digits < 19 { mantissa = mantissa * 10 + UInt64(b - 0x30) } else { simple = false }
                digits += 1
                if seenPoint { decimals += 1 }
            } else if b == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else {
                simple = false; break
            }
            j += 1
        }
        if simple && digits > 0 && mantissa < (1 << 53) && decimals <= 22 {
            let v = Double(mantissa) / powersOfTen[decimals]
            return negative ? -v : v
        }
        var text = Array(bytes[bytes.startIndex..<bytes.endIndex]) + [0]
        return text.withUnsafeMutableBufferPointer { p -> Double? in
            let start = UnsafeMutablePointer<CChar>(OpaquePointer(p.baseAddress!))
            var stop: UnsafeMutablePointer<CChar>?
            let v = strtod(start, &stop)
            guard let stop else { return nil }
            var rest = stop
            while rest.pointee == 0x20 { rest += 1 }
            return stop != start && rest.pointee == 0 ? v : nil
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    public static func appendField(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { bytes in
            let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            if !needsQuotes { out.append(contentsOf: bytes); return }
            out.append(UInt8(ascii: "\""))
            for b in bytes {
                if b == UInt8(ascii: "\"") { out.append(b) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
        }
    }

    public static func line(_ fields: [String]) -> String {
        var out: [UInt8] = []
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendField(f, to: &out)
        }
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }
}

/// A problem with an input file, naming the file and where in it.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let message: String
    public init(source: String, message: String) { self.source = source; self.message = message }
    public var description: String { "\(source): \(message)" }
}
