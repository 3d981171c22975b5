import Foundation

/// Why a text is not JSON (RFC 8259), and where: the line and column (1-based; the column
/// counts characters) at which reading stopped.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    public let line: Int, column: Int
    public let message: String
    public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// Parses a JSON text (RFC 8259) in UTF-8, reading every value once, byte by byte.
    ///
    /// A number without fraction or exponent that fits in `Int` is `.integer`; every other
    /// number is `.number`, with the value `Double(String)` gives its text (so `-0.0` stays
    /// negative zero and `12345678901234567890` becomes the nearest double); a number beyond the
    /// range of a double is an error. Strings take every escape, `\uXXXX` surrogate pairs too;
    /// a lone surrogate or text that is not UTF-8 is an error. A leading byte-order mark is
    /// skipped (§8.1); of repeated member names in one object the first is kept.
    /// Example: `try JSONValue(parsing: Data(#"{"a":[1,2.5,"\u00e9"]}"#.utf8))`.
    public init(parsing data: Data) throws {
        self = try data.withUnsafeBytes { raw in
            var parser = JSONParser(raw.assumingMemoryBound(to: UInt8.self))
            return try parser.document()
        }
    }
}

/// A recursive-descent reader of RFC 8259 JSON over a buffer of UTF-8 bytes.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The reading position.
    var i = 0
    var depth = 0
    /// How deeply arrays and objects may nest, so that a hostile file cannot exhaust the stack.
    static let maxDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The one value of the text, with nothing but whitespace after it.
    mutating func document() throws -> JSONValue { try document { try $0.value() } }

    /// The one value of the text, read by `read`, with nothing but whitespace after it.
    mutating func document<T>(_ read: (inout JSONParser) throws -> T) throws -> T {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }   // a byte-order mark (RFC 8259 §8.1)
        skipWhitespace()
        guard i < bytes.count else { throw fail("the text holds no JSON value") }
        let v = try read(&self)
        skipWhitespace()
        guard i == bytes.count else { throw fail("expected the end of the text after the JSON value, found \(found())") }
        return v
    }

    // MARK: Values

    mutating func value() throws -> JSONValue {
        skipWhitespace()
        guard i < bytes.count else { throw fail("expected a value, found the end of the text") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: throw fail("expected a value, found \(found())")
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
        var k = 0
        while k < n, i + k < bytes.count, bytes[i + k] == w[k] { k += 1 }
        guard k == n else {
            i += k
            throw fail("expected \"\(word)\", found \(found())")
        }
        i += n
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("arrays and objects nest more than \(Self.maxDepth) deep") }
    }

    private mutating func array() throws -> JSONValue {
        var items: [JSONValue] = []
        try forEachElement { parser in items.append(try parser.value()) }
        return .array(items)
    }

    private mutating func object() throws -> JSONValue {
        var members: [String: JSONValue] = [:]
        try forEachMember { name, parser in
            let v = try parser.value()
            if members[name] == nil { members[name] = v }
        }
        return .object(members)
    }

    /// Reads the array at the reading position, calling `body` to read each element.
    mutating func forEachElement(_ body: (inout JSONParser) throws -> Void) throws {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1; depth -= 1
            return
        }
        while true {
            skipWhitespace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") { throw fail("a comma must not come before ']'") }
            try body(&self)
            skipWhitespace()
            guard i < bytes.count else { throw fail("expected ',' or ']' after an array element, found the end of the text") }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "]"):
                i += 1; depth -= 1
                return
            default: throw fail("expected ',' or ']' after an array element, found \(found())")
            }
        }
    }

    /// Reads the object at the reading position, calling `body` with each member's name to
    /// read its value.
    mutating func forEachMember(_ body: (String, inout JSONParser) throws -> Void) throws {
        try enter()
        i += 1
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1; depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                if i < bytes.count && bytes[i] == UInt8(ascii: "}") { throw fail("a comma must not come before '}'") }
                throw fail("expected a member name in double quotes, found \(found())")
            }
            let name = try string()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw fail("expected ':' after the member name \"\(name)\", found \(found())")
            }
            i += 1
            try body(name, &self)
            skipWhitespace()
            guard i < bytes.count else { throw fail("expected ',' or '}' after a member of an object, found the end of the text") }
            switch bytes[i] {
            case UInt8(ascii: ","): i += 1
            case UInt8(ascii: "}"):
                i += 1; depth -= 1
                return
            default: throw fail("expected ',' or '}' after a member of an object, found \(found())")
            }
        }
    }

    // MARK: Strings

    /// A string (RFC 8259 §7), from its opening quote to just past its closing one.
    private mutating func string() throws -> String {
        let open = i
        i += 1
        let start = i
        var high: UInt8 = 0
        // Most strings have no escape: one scan finds the closing quote.
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            high |= b
            i += 1
        }
        guard i < bytes.count else { throw fail("the string has no closing '\"'", at: open) }
        if bytes[i] == UInt8(ascii: "\"") {
            let run = UnsafeBufferPointer(rebasing: bytes[start..<i])
            i += 1
            if high < 0x80 { return String(decoding: run, as: UTF8.self) }
            guard let s = String(validating: run, as: UTF8.self) else { throw fail("the string is not valid UTF-8", at: open) }
            return s
        }
        var out = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw fail("the string has no closing '\"'", at: open) }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; break }
            if b < 0x20 {
                throw fail("a control character (U+\(hex(UInt32(b)))) must be written as an escape in a string")
            }
            if b != UInt8(ascii: "\\") { out.append(b); i += 1; continue }
            guard i + 1 < bytes.count else { throw fail("the string has no closing '\"'", at: open) }
            switch bytes[i + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(bytes[i + 1])
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let escape = i
                var unit = try hex4(at: i + 2)
                i += 6
                if (0xDC00...0xDFFF).contains(unit) {
                    throw fail("\\u\(hex(unit)) is the second half of a surrogate pair without the first", at: escape)
                }
                if (0xD800...0xDBFF).contains(unit) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw fail("\\u\(hex(unit)) is the first half of a surrogate pair without the second", at: escape)
                    }
                    let low = try hex4(at: i + 2)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw fail("\\u\(hex(unit)) is the first half of a surrogate pair without the second", at: escape)
                    }
                    i += 6
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                }
                appendUTF8(Unicode.Scalar(unit)!, to: &out)
                continue
            default:
                i += 1
                throw fail("\\\(foundCharacter()) is not an escape JSON knows (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
            }
            i += 2
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw fail("the string is not valid UTF-8", at: open) }
        return s
    }

    /// The four hexadecimal digits of a `\u` escape starting at `at`.
    private mutating func hex4(at start: Int) throws -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 {
            let at = start + k
            guard at < bytes.count else { i = at; throw fail("a \\u escape needs four hexadecimal digits, found the end of the text") }
            let b = bytes[at]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: i = at; throw fail("a \\u escape needs four hexadecimal digits, found \(found())")
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    private func appendUTF8(_ s: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(s) { out.append($0) }
    }

    // MARK: Numbers

    /// Exact powers of ten: a double holds 10^0 … 10^22 without rounding.
    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// A number (RFC 8259 §6).
    mutating func number() throws -> JSONValue {
        let start = i
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit after '-', found \(found())") }
        // The digits, as an integer while it fits: mantissa of the fast path below.
        var mantissa: UInt64 = 0, digits = 0
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count && isDigit(bytes[i]) { throw fail("a number must not start with 0 followed by more digits") }
        } else {
            while i < bytes.count && isDigit(bytes[i]) {
                if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[i] - UInt8(ascii: "0")) }
                digits += 1; i += 1
            }
        }
        var integral = true, fractionDigits = 0, exponent = 0
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit after the decimal point, found \(found())") }
            while i < bytes.count && isDigit(bytes[i]) {
                if mantissa == 0 && bytes[i] == UInt8(ascii: "0") {
                    fractionDigits += 1   // leading zeros of the fraction add no digit
                } else {
                    if digits < 19 { mantissa = mantissa * 10 + UInt64(bytes[i] - UInt8(ascii: "0")) }
                    digits += 1; fractionDigits += 1
                }
                i += 1
            }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            integral = false
            i += 1
            var negativeExponent = false
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
                negativeExponent = bytes[i] == UInt8(ascii: "-"); i += 1
            }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("expected a digit in the exponent, found \(found())") }
            while i < bytes.count && isDigit(bytes[i]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
                i += 1
            }
            if negativeExponent { exponent = -exponent }
        }
        if integral && digits <= 18 {
            let v = Int(mantissa)
            return .integer(negative ? -v : v)
        }
        // Up to 15 significant digits and a power of ten a double holds exactly: one correctly
        // rounded multiplication or division gives what Double(String) gives (Clinger's fast path).
        let scale = exponent - fractionDigits
        if !integral && digits <= 15 && scale >= -22 && scale <= 22 {
            let m = Double(mantissa)
            let v = scale < 0 ? m / Self.powersOfTen[-scale] : m * Self.powersOfTen[scale]
            return .number(negative ? -v : v)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if integral, let v = Int(text) { return .integer(v) }
        guard let v = Double(text), v.isFinite else { throw fail("the number \(text) is beyond the range of a double", at: start) }
        return .number(v)
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }

    // MARK: Whitespace, positions and messages

    @inline(__always) mutating func skipWhitespace() {
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): i += 1
            default: return
            }
        }
    }

    /// An error at `at` (else where reading stopped), with its line and column.
    func fail(_ message: String, at: Int? = nil) -> JSONSyntaxError {
        let end = min(at ?? i, bytes.count)
        var line = 1, column = 1
        for k in 0..<end {
            let b = bytes[k]
            if b == UInt8(ascii: "\n") { line += 1; column = 1 }
            else if b & 0xC0 != 0x80 { column += 1 }   // count characters, not their UTF-8 bytes
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    /// What stands at the reading position, for messages: a quoted character or the end of the text.
    func found() -> String {
        guard i < bytes.count else { return "the end of the text" }
        let c = foundCharacter()
        return c.hasPrefix("U+") || c.hasPrefix("byte") ? c : "'\(c)'"
    }

    /// The character at the reading position: itself when printable, else U+XXXX or the byte.
    private func foundCharacter() -> String {
        guard i < bytes.count else { return "" }
        let b = bytes[i]
        var length = 1
        if b >= 0xF0 { length = 4 } else if b >= 0xE0 { length = 3 } else if b >= 0xC0 { length = 2 }
        guard b < 0x80 || b >= 0xC0, i + length <= bytes.count,
              let s = String(validating: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self),
              let scalar = s.unicodeScalars.first else {
            return "byte 0x\(String(b, radix: 16, uppercase: true))"
        }
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format {
            return "U+\(hex(scalar.value))"
        }
        return s
    }

    private func hex(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }
}
