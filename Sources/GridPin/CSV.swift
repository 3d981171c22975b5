import Foundation

/// Reads CSV (RFC 4180) records from a file as a stream: quoted fields may hold commas, quotes
/// ("" inside quotes) and line breaks; CRLF and LF both end a record; a UTF-8 byte-order mark is
/// skipped. Each record comes with the line it starts on (1-based), for messages.
///
/// A quote opens a quoted field only where a field starts; elsewhere (`5" screen`) it is text,
/// as spreadsheets read it. A quoted field still open at the end of the file makes the last
/// record run to the end; `openQuoteLine` then names the line it starts on.
public final class CSVReader {
    private let file: UnsafeMutablePointer<FILE>
    private var chunk = [UInt8](repeating: 0, count: 1 << 20)
    private var length = 0, position = 0
    private var atEOF = false
    private var line = 1
    public let path: String
    /// The line of a record that ended with the file inside a quoted field, once read.
    public private(set) var openQuoteLine: Int?
    /// Why reading stopped before the end of the file (a folder, an I/O error), once it has:
    /// the records before it are read, and whoever reads them must then fail with it.
    public private(set) var readError: InputError?

    /// Why a record that ran to the end of the file inside quotes cannot be a row.
    public static let openQuoteReason = "a quoted field is not closed before the end of the file, so every line after it was read into this row 引号未闭合，其后各行都被读入本行"

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
        // Keep the unread tail, moved to the front in place (a slice of `chunk` passed to
        // `replaceSubrange` would make it copy the whole buffer first).
        if position < length {
            let (from, count) = (position, length - position)
            chunk.withUnsafeMutableBytes { b in _ = memmove(b.baseAddress!, b.baseAddress! + from, count) }
        }
        length -= position; position = 0
        // A record longer than the buffer: make room for more of it.
        if length == chunk.count { chunk += [UInt8](repeating: 0, count: chunk.count) }
        let wanted = chunk.count - length
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress! + length, 1, wanted, file) }
        if n == 0 { atEOF = true }
        if n < wanted && ferror(file) != 0 {
            readError = InputError(source: path, message: "cannot read: \(String(cString: strerror(errno))) 读取失败")
            atEOF = true
        }
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
        // Where the record starts in `buffer`, and where in the record the last quoted field closed.
        let recordStart = buffer.count
        var closedAt = -2
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
                    if b == UInt8(ascii: "\"") {
                        // Its place in the record; the bytes before this scan are in `buffer`.
                        let k = buffer.count - recordStart + i - position
                        if quoted {
                            quoted = false; closedAt = k
                        } else if k == 0 || closedAt == k - 1 || (i > position ? c[i - 1] : buffer[buffer.count - 1]) == UInt8(ascii: ",") {
                            // A field's first byte, or the second quote of a "" inside quotes.
                            quoted = true
                        }
                    }
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
        if quoted { openQuoteLine = startLine }
        return sawAny ? startLine : nil
    }

    /// The next records, up to `limit` of them, as one block; `nil` at the end of the file.
    ///
    /// Where the bytes of the next `limit` lines hold no quote and no carriage return, each line
    /// is a record (an empty one none), and the block is those lines as they are; elsewhere the
    /// records are split as `nextRaw` splits them.
    /// `reusing` lends an array whose storage the block's bytes may take over.
    public func nextBlock(limit: Int, reusing spare: [UInt8] = []) -> CSVBlock? {
        while true {
            if position == length {
                if atEOF { return nil }
                refill()
                if position == length { return nil }
            }
            // The end of the next `limit` lines in the buffer, or of as many as it holds whole.
            var end = position, lines = 0
            chunk.withUnsafeBufferPointer { c in
                let base = c.baseAddress!
                while lines < limit, let nl = memchr(base + end, 0x0A, length - end) {
                    end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
                    lines += 1
                }
            }
            if lines < limit && atEOF {
                end = length
            } else if lines == 0 {
                // Not one whole line buffered: read more of it.
                refill()
                continue
            }
            let plain = chunk.withUnsafeBufferPointer { c in
                memchr(c.baseAddress! + position, Int32(UInt8(ascii: "\"")), end - position) == nil
                    && memchr(c.baseAddress! + position, 0x0D, end - position) == nil
            }
            var bytes = spare
            bytes.removeAll(keepingCapacity: true)
            if plain {
                bytes.append(contentsOf: chunk[position..<end])
                let block = CSVBlock(bytes: bytes, firstLine: line)
                line += lines
                position = end
                return block
            }
            var block = CSVBlock(bytes: bytes, firstLine: line)
            var starts: [Int] = [], ends: [Int] = [], numbers: [Int] = []
            while starts.count < limit {
                let start = block.bytes.count
                guard let l = nextRaw(into: &block.bytes) else { break }
                if block.bytes.count == start { continue }   // a blank line
                starts.append(start); ends.append(block.bytes.count); numbers.append(l)
            }
            if starts.isEmpty { return nil }
            block.records = CSVBlock.Records(starts: starts, ends: ends, lines: numbers)
            block.endsInOpenQuote = openQuoteLine != nil
            return block
        }
    }

    /// The header's names (spaces around them dropped): the first record, which must be there,
    /// end, and be UTF-8 text (else the error says what to do: `advice`).
    public func header(advice: String = CSVFormat.saveAsUTF8) throws -> [String] {
        var raw: [UInt8] = []
        guard nextRaw(into: &raw) != nil else { throw readError ?? InputError(source: path, message: "is empty: a header line is needed 文件为空，需要表头行") }
        if openQuoteLine != nil { throw InputError(source: path, message: "line 1: \(Self.openQuoteReason)") }
        if CSVFormat.firstNonUTF8Field(raw[...]) != nil {
            throw InputError(source: path, message: "line 1: the header is not UTF-8 text: \(advice)")
        }
        return CSVFormat.fields(raw[...]).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The next record's fields and the line it starts on, or `nil` at the end of the file.
    public func next() -> (line: Int, fields: [String])? {
        var raw: [UInt8] = []
        guard let line = nextRaw(into: &raw) else { return nil }
        return (line, CSVFormat.fields(raw[...]))
    }
}

/// Whole CSV records as read, in one run of bytes.
public struct CSVBlock: Sendable {
    /// Where each record lies in `bytes` (line break dropped) and the line it starts on.
    public struct Records: Sendable {
        public var starts: [Int], ends: [Int], lines: [Int]
    }
    public var bytes: [UInt8]
    /// The line the block starts on.
    public var firstLine: Int
    /// The records, when split one by one; `nil` when each line of `bytes` (ended by a line
    /// feed, the last perhaps not) is a record, an empty line none.
    public var records: Records?
    /// Whether the last record ran to the end of the file inside a quoted field
    /// (`CSVReader.openQuoteReason`).
    public var endsInOpenQuote = false

    public init(bytes: [UInt8], firstLine: Int, records: Records? = nil) {
        self.bytes = bytes; self.firstLine = firstLine; self.records = records
    }

    /// Calls `body(bytes, start, end, line, fields, x, y)` for each record, in order: where it
    /// lies in the block's bytes, the line it starts on, its number of fields, and the numbers
    /// in fields `xColumn` and `yColumn` (NaN where not numbers), as `CSVFormat.coordinates`
    /// reads them. Plain lines are split and read in one pass.
    @inline(__always)
    public func forEachRecord(xColumn: Int, yColumn: Int, scratch: inout [UInt8],
                              _ body: (UnsafePointer<UInt8>, Int, Int, Int, Int, Double, Double) -> Void) {
        forEachRecord(xColumn: xColumn, yColumn: yColumn, spanColumns: (-1, -1), scratch: &scratch) { p, s, e, line, fields, x, y, _ in
            body(p, s, e, line, fields, x, y)
        }
    }

    /// `forEachRecord(xColumn:yColumn:scratch:_:)`, also giving where fields `spanColumns` lie
    /// in plain lines, found in the same pass.
    @inline(__always)
    public func forEachRecord(xColumn: Int, yColumn: Int, spanColumns: (Int, Int), scratch: inout [UInt8],
                              _ body: (UnsafePointer<UInt8>, Int, Int, Int, Int, Double, Double, FieldSpans) -> Void) {
        if records != nil {
            forEachRecord { p, s, e, line in
                let (fields, x, y) = CSVFormat.coordinates(p, s, e, xColumn: xColumn, yColumn: yColumn, scratch: &scratch)
                body(p, s, e, line, fields, x, y, FieldSpans(known: false))
            }
            return
        }
        bytes.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            let n = buffer.count
            var i = 0, line = firstLine
            while i < n {
                let start = i
                var field = 0, fieldStart = i
                var x = Double.nan, y = Double.nan
                var spans = FieldSpans(known: true)
                while true {
                    i = CSVFormat.commaOrLineFeed(p, i, n)
                    if field == xColumn { x = CSVFormat.parseDouble(p, fieldStart, i, readable: n) ?? .nan }
                    else if field == yColumn { y = CSVFormat.parseDouble(p, fieldStart, i, readable: n) ?? .nan }
                    else if field == spanColumns.0 { spans.first = (fieldStart, i) }
                    else if field == spanColumns.1 { spans.second = (fieldStart, i) }
                    field += 1
                    if i >= n || p[i] == 0x0A { break }
                    i += 1
                    fieldStart = i
                }
                if i > start { body(p, start, i, line, field, x, y, spans) }   // an empty line is no record
                line += 1
                i += 1
            }
        }
    }

    /// Calls `body(start, end, line)` for each record, in order, with the block's bytes.
    @inline(__always)
    public func forEachRecord(_ body: (UnsafePointer<UInt8>, Int, Int, Int) throws -> Void) rethrows {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            if let r = records {
                for i in r.starts.indices { try body(p, r.starts[i], r.ends[i], r.lines[i]) }
                return
            }
            var i = 0, line = firstLine
            let n = buffer.count
            while i < n {
                let e = memchr(p + i, 0x0A, n - i).map { p.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                if e > i { try body(p, i, e, line) }
                line += 1
                i = e + 1
            }
        }
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
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return nil }
            return parseDouble(p, 0, b.count)
        }
    }

    /// `parseDouble` of the bytes `p[start..<stop]`; the bytes up to `p[readable]` may be read
    /// (eight at a time) though they are not part of the number.
    @inline(__always)
    public static func parseDouble(_ p: UnsafePointer<UInt8>, _ start: Int, _ stop: Int, readable: Int = 0) -> Double? {
        var i = start, end = stop
        while i < end && p[i] == 0x20 { i += 1 }
        while end > i && p[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        // Digits, a point, digits: at most 19 digits in all, so that the mantissa is exact.
        var mantissa: UInt64 = 0
        let last = p + end, readableEnd = p + max(end, readable)
        var q = digits(p + i, last, readableEnd, &mantissa)
        var count = q - (p + i), decimals = 0
        if q < last && q.pointee == UInt8(ascii: ".") {
            let first = q + 1
            q = digits(first, last, readableEnd, &mantissa)
            decimals = q - first
            count += decimals
        }
        if q == last && count > 0 && count <= 19 && mantissa < (1 << 53) {
            let v = Double(mantissa) / exactPowerOfTen(decimals)
            return negative ? -v : v
        }
        return parseWithStrtod(p, start, stop)
    }

    /// What to do with a file that is not UTF-8.
    public static let saveAsUTF8 = "save the file as UTF-8 (iconv -f GB18030 -t UTF-8 converts a GBK file) 不是 UTF-8 编码，请另存为 UTF-8"

    /// Whether `p[0..<n]` is UTF-8 text: eight bytes at a time while they are ASCII, then the
    /// standard library's check from the first byte that is not.
    public static func isUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n && UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        while i < n && p[i] < 0x80 { i += 1 }
        return i == n || String(validating: UnsafeBufferPointer(start: p + i, count: n - i), as: UTF8.self) != nil
    }

    /// The first field of a raw record whose text is not UTF-8, or `nil`.
    public static func firstNonUTF8Field(_ raw: ArraySlice<UInt8>) -> Int? {
        var i = raw.startIndex, k = 0
        while true {
            let (value, next) = field(raw, from: i)
            if String(validating: value, as: UTF8.self) == nil { return k }
            guard let n = next else { return nil }
            i = n; k += 1
        }
    }

    /// Adds the decimal digits from `from` (up to `limit`) to `mantissa` and returns where they
    /// end: eight at a time while eight bytes are readable, then one by one.
    @inline(__always)
    static func digits(_ from: UnsafePointer<UInt8>, _ limit: UnsafePointer<UInt8>, _ readableEnd: UnsafePointer<UInt8>,
                       _ mantissa: inout UInt64) -> UnsafePointer<UInt8> {
        var q = from
        while q < limit && readableEnd - q >= 8 {
            let w = UnsafeRawPointer(q).loadUnaligned(as: UInt64.self)
            let values = w &- 0x3030_3030_3030_3030
            // A byte is a digit when neither b - 0x30 nor b + 0x46 reaches 0x80; borrows and
            // carries only move up, so the lowest flagged byte is the first non-digit.
            let flags = (values | (w &+ 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080
            let k = min(flags == 0 ? 8 : flags.trailingZeroBitCount / 8, limit - q)
            if k == 0 { return q }
            mantissa = mantissa &* powerOfTen(k) &+ value(ofDigits: values &<< UInt64(8 * (8 - k)))
            q += k
            if k < 8 { return q }
        }
        while q < limit {
            let d = q.pointee &- 0x30
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            q += 1
        }
        return q
    }

    /// The number that eight digit values (0–9, the first in the lowest byte) spell.
    @inline(__always)
    static func value(ofDigits x: UInt64) -> UInt64 {
        // Pairs: 10a + b in the low byte of each 16-bit lane; then 100p + q in the low half of
        // each 32-bit lane; then the two halves.
        let pairs = (x &* 10 &+ (x >> 8)) & 0x00FF_00FF_00FF_00FF
        let quads = (pairs &* 100 &+ (pairs >> 16)) & 0x0000_FFFF_0000_FFFF
        return (quads & 0xFFFF) &* 10_000 &+ (quads >> 32)
    }

    /// 10^k for k in 0...8.
    @inline(__always)
    static func powerOfTen(_ k: Int) -> UInt64 {
        switch k {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// `parseDouble` of a field's text.
    public static func number(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { b in b.baseAddress.flatMap { parseDouble($0, 0, b.count) } }
    }

    /// `strtod` of the whole field (spaces after the number allowed), for what the fast path
    /// leaves; not hexadecimal (`0x6C.8`), which `strtod` would read as 108.5.
    private static func parseWithStrtod(_ p: UnsafePointer<UInt8>, _ start: Int, _ stop: Int) -> Double? {
        let field = UnsafeBufferPointer(start: p + start, count: stop - start)
        if field.contains(where: { $0 | 0x20 == UInt8(ascii: "x") }) { return nil }
        var text = Array(field) + [0]
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

    /// The first index from `i` below `n` that holds a comma or a line feed, else `n`; eight
    /// bytes at a time (a byte equal to c makes `(w ^ c) - 0x01…` borrow into its top bit).
    @inline(__always)
    static func commaOrLineFeed(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int) -> Int {
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= n {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            let c = w ^ 0x2C2C_2C2C_2C2C_2C2C, l = w ^ 0x0A0A_0A0A_0A0A_0A0A
            let found = ((c &- ones) & ~c | (l &- ones) & ~l) & highs
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < n && p[i] != UInt8(ascii: ",") && p[i] != 0x0A { i += 1 }
        return i
    }

    /// The number of fields of the record `p[start..<end]` and the numbers (NaN where not
    /// numbers) in fields `xColumn` and `yColumn`, unquoted as `field` unquotes them.
    @inline(__always)
    public static func coordinates(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, xColumn: Int, yColumn: Int,
                                   scratch: inout [UInt8]) -> (fields: Int, x: Double, y: Double) {
        var i = start, field = 0
        var x = Double.nan, y = Double.nan
        while true {
            if i < end && p[i] == UInt8(ascii: "\"") {
                var j = i + 1
                scratch.removeAll(keepingCapacity: true)
                while j < end {
                    if p[j] == UInt8(ascii: "\"") {
                        if j + 1 < end && p[j + 1] == UInt8(ascii: "\"") { scratch.append(p[j]); j += 2; continue }
                        j += 1
                        break
                    }
                    scratch.append(p[j]); j += 1
                }
                while j < end && p[j] != UInt8(ascii: ",") { scratch.append(p[j]); j += 1 }
                if field == xColumn || field == yColumn {
                    let v = parseDouble(scratch[...]) ?? .nan
                    if field == xColumn { x = v } else { y = v }
                }
                i = j
            } else {
                var j = i
                while j < end && p[j] != UInt8(ascii: ",") { j += 1 }
                if field == xColumn { x = parseDouble(p, i, j) ?? .nan } else if field == yColumn { y = parseDouble(p, i, j) ?? .nan }
                i = j
            }
            field += 1
            if i >= end { return (field, x, y) }
            i += 1
        }
    }

    /// 10^k for k in 0...22, each exact in a Double.
    @inline(__always)
    static func exactPowerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    public static func appendField(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendField(bytes: $0, to: &out) }
    }

    /// Appends a field given as UTF-8 bytes, quoted when it holds a comma, quote or line break.
    public static func appendField<Bytes: Collection<UInt8>>(bytes: Bytes, to out: inout [UInt8]) {
        let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes { out.append(contentsOf: bytes); return }
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            if b == UInt8(ascii: "\"") { out.append(b) }
            out.append(b)
        }
        out.append(UInt8(ascii: "\""))
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

/// Where two fields of a plain CSV line lie, `nil` for a field the line lacks; `known` is false
/// for records that needed unquoting (their fields must be read one by one).
public struct FieldSpans: Sendable {
    public var known: Bool
    public var first: (Int, Int)?, second: (Int, Int)?

    public init(known: Bool) { self.known = known }
}
