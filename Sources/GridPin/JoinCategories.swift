import Foundation
import GridGeo

/// What `join` needs to add who must act to each row: the rules compiled for the street, and the
/// input's category and report-time columns (found by the names `import` knows). A class, so
/// that workers share it without copying its tables a row.
public final class JoinCategories: Sendable {
    public let responsibility: Responsibility
    public let categoryColumn: Int
    public let reportedColumn: Int?
    /// Whether `category` is one of the added columns: not when the input has a column of that name.
    public let addsCategory: Bool
    /// Category codes of up to 7 bytes, packed with their length, → catalogue index.
    let codes: [UInt64: Int32]
    /// 4-digit codes by their number → catalogue index (−1: none): the common case, no hashing.
    let digits: [Int32]
    /// Codes, Chinese and English names → catalogue index.
    let names: [String: Int32]

    /// `nil` when no column of `columns` names a category.
    public init?(columns: [String], responsibility: Responsibility) {
        let lower = columns.map { $0.lowercased() }
        guard let c = column(named: IntakeFile.names["category"] ?? [], in: lower) else { return nil }
        self.responsibility = responsibility
        categoryColumn = c
        reportedColumn = column(named: IntakeFile.names["reported_at"] ?? [], in: lower)
        addsCategory = !lower.contains("category")
        var codes: [UInt64: Int32] = [:], names: [String: Int32] = [:]
        for (k, category) in responsibility.office.catalogue.categories.enumerated() {
            var code = category.code
            code.withUTF8 { if let key = Self.pack($0) { codes[key] = Int32(k) } }
            names[category.code] = Int32(k); names[category.name] = Int32(k); names[category.nameEn] = Int32(k)
        }
        self.codes = codes; self.names = names
        var digits = [Int32](repeating: -1, count: 10_000)
        for (k, category) in responsibility.office.catalogue.categories.enumerated() {
            if let n = Int(category.code), category.code.count == 4 { digits[n] = Int32(k) }
        }
        self.digits = digits
    }

    /// The number four ASCII digits write, read as one word; `nil` for anything else.
    @inline(__always) static func fourDigits(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 4, let p = b.baseAddress else { return nil }
        // XOR turns digits into their values; adding 0x76 sets the top bit of any byte above 9.
        let w = UnsafeRawPointer(p).loadUnaligned(as: UInt32.self) ^ 0x3030_3030
        guard (w | (w &+ 0x7676_7676)) & 0x8080_8080 == 0 else { return nil }
        return Int(w & 0xFF) * 1000 + Int(w >> 8 & 0xFF) * 100 + Int(w >> 16 & 0xFF) * 10 + Int(w >> 24)
    }

    /// Up to 7 bytes and their length in one word.
    @inline(__always) static func pack(_ b: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard b.count <= 7 else { return nil }
        var key = UInt64(b.count) << 56
        for (k, byte) in b.enumerated() { key |= UInt64(byte) << (8 * UInt64(k)) }
        return key
    }

    /// The category index (−1 for an empty field) and report time (NaN for none) of a row, or
    /// why the row cannot be placed.
    func read(category: UnsafeBufferPointer<UInt8>, reported: UnsafeBufferPointer<UInt8>?) -> (Int32, Double, String?) {
        var c: Int32 = -1
        if let n = Self.fourDigits(category), digits[n] >= 0 {
            c = digits[n]
        } else if category.count > 0 {
            if let key = Self.pack(category), let k = codes[key] { c = k }
            else {
                let text = String(decoding: category, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if let k = names[text] { c = k }
                else if let k = responsibility.office.catalogue.index(named: text) { c = Int32(k) }   // an English name in another case
                else if !text.isEmpty {
                    let catalogue = responsibility.office.catalogue
                    return (-1, .nan, UnknownCategory(code: text, nearest: catalogue.nearest(to: text).map { "\($0.code) \($0.name)" }).description)
                }
            }
        }
        var t = Double.nan
        if let reported, reported.count > 0 {
            guard let seconds = responsibility.clock.parseSeconds(bytes: reported) else {
                return (c, .nan, RowReason.notATime(String(decoding: reported, as: UTF8.self)))
            }
            t = seconds
        }
        return (c, t, nil)
    }

    /// The columns whose places `CSVBlock.forEachRecord` should give `read`.
    var spanColumns: (Int, Int) { (categoryColumn, reportedColumn ?? -1) }

    /// `read` on a raw CSV record `p[s..<e]` whose category and report-time fields lie at
    /// `spans` (from `spanColumns`), when known.
    @inline(__always)
    func read(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, spans: FieldSpans, scratch: inout [UInt8]) -> (Int32, Double, String?) {
        guard spans.known else { return read(p, s, e, scratch: &scratch) }
        @inline(__always) func bytes(_ span: (Int, Int)) -> UnsafeBufferPointer<UInt8> {
            var (a, b) = span
            while a < b && p[a] == 0x20 { a += 1 }
            while b > a && p[b - 1] == 0x20 { b -= 1 }
            return UnsafeBufferPointer(start: p + a, count: b - a)
        }
        return read(category: bytes(spans.first ?? (e, e)), reported: spans.second.map(bytes))
    }

    /// `read` on a raw CSV record `p[s..<e]` field by field, for records with quoted fields;
    /// `scratch` holds their unquoted bytes.
    func read(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, scratch: inout [UInt8]) -> (Int32, Double, String?) {
        scratch.removeAll(keepingCapacity: true)
        var category = FieldBytes.inRecord(e, e), reported: FieldBytes?
        let last = max(categoryColumn, reportedColumn ?? 0)
        // One pass over the fields up to the last one wanted.
        var i = s, k = 0
        while k <= last && i <= e {
            let field: FieldBytes
            if i < e && p[i] == UInt8(ascii: "\"") {
                // Quoted: unquote into scratch, then skip to the next comma.
                let start = scratch.count
                var j = i + 1
                while j < e {
                    if p[j] == UInt8(ascii: "\"") {
                        if j + 1 < e && p[j + 1] == UInt8(ascii: "\"") { scratch.append(p[j]); j += 2; continue }
                        j += 1; break
                    }
                    scratch.append(p[j]); j += 1
                }
                while j < e && p[j] != UInt8(ascii: ",") { scratch.append(p[j]); j += 1 }
                field = .inScratch(start, scratch.count)
                i = j + 1
            } else {
                let rest = e - i
                let j = rest > 0 ? (memchr(p + i, Int32(UInt8(ascii: ",")), rest).map { p.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? e) : e
                var a = i, b = j
                while a < b && p[a] == 0x20 { a += 1 }
                while b > a && p[b - 1] == 0x20 { b -= 1 }
                field = .inRecord(a, b)
                i = j + 1
            }
            if k == categoryColumn { category = field }
            if k == reportedColumn { reported = field }
            k += 1
        }
        return scratch.withUnsafeBufferPointer { b in
            func bytes(_ f: FieldBytes) -> UnsafeBufferPointer<UInt8> {
                switch f {
                case .inRecord(let a, let z): UnsafeBufferPointer(start: p + a, count: z - a)
                case .inScratch(let a, let z): UnsafeBufferPointer(rebasing: b[a..<z])
                }
            }
            return read(category: bytes(category), reported: reported.map(bytes))
        }
    }

    /// `read` on a GeoJSON feature's values (in the input's column order).
    func read(_ values: [JSONValue]) -> (Int32, Double, String?) {
        var category = categoryColumn < values.count ? values[categoryColumn].text : ""
        guard let r = reportedColumn, r < values.count else { return category.withUTF8 { read(category: $0, reported: nil) } }
        var reported = values[r].text
        return category.withUTF8 { c in reported.withUTF8 { read(category: c, reported: $0) } }
    }

    /// Appends `,category,lead,support,rule,reason,due_at` (without `category` when the input
    /// has that column); empty after the category when the row gives none.
    func appendCSV(_ c: Int32, _ i: Locator.Indices, _ t: Double, to out: ByteBuffer, cache: SegmentCache) {
        guard c >= 0 else {
            let n = addsCategory ? 6 : 5
            out.reserve(n); for _ in 0..<n { out.put(UInt8(ascii: ",")) }
            return
        }
        responsibility.appendCSV(Int(c), i, reportedAt: t.isNaN ? nil : t, category: addsCategory, to: out, cache: cache)
    }

    /// The added columns' values for GeoJSON (units joined by `;`).
    func values(_ c: Int32, _ i: Locator.Indices, _ t: Double) -> [JSONValue] {
        let empty: [JSONValue] = Array(repeating: .null, count: addsCategory ? 6 : 5)
        guard c >= 0, let a = responsibility.assignment(Int(c), i, reportedAt: t.isNaN ? nil : Date(timeIntervalSince1970: t)) else { return empty }
        let due: JSONValue = a.dueAt.map { .string(responsibility.office.calendar.format($0)) } ?? .null
        let rest: [JSONValue] = [.string(a.lead.joined(separator: ";")), .string(a.support.joined(separator: ";")), .string(a.rule),
                                 .string(a.reason), due]
        return addsCategory ? [.string(a.category)] + rest : rest
    }

    /// Where a field's bytes are: in the record, or unquoted in the scratch buffer.
    enum FieldBytes { case inRecord(Int, Int), inScratch(Int, Int) }
}
