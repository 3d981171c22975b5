import Foundation
import XCTest
@testable import GridGeo

/// The expected values are written out by hand from RFC 8259 (§6 numbers, §7 strings); numbers
/// are checked against Swift's own `Double(String)`, the parse the reader must agree with.
final class JSONParserTests: XCTestCase {
    func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: Data(text.utf8)) }

    func error(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let v = try parse(text)
            XCTFail("parsed \(v)", file: file, line: line)
            return ""
        } catch { return "\(error)" }
    }

    func testNestingLiteralsAndWhitespace() throws {
        let text = "\u{FEFF} {\r\n\t\"a\" : [ 1 , true,false , null, [], {} ] ,\"b\":{\"c\":[[\"d\"]]}}\n"
        XCTAssertEqual(try parse(text), .object([
            "a": .array([.integer(1), .bool(true), .bool(false), .null, .array([]), .object([:])]),
            "b": .object(["c": .array([.array([.string("d")])])]),
        ]))
        // Of a repeated name the first value is kept.
        XCTAssertEqual(try parse(#"{"k":1,"k":2}"#), .object(["k": .integer(1)]))
    }

    func testStringEscapes() throws {
        // \" \\ \/ \b \f \n \r \t, then é (U+00E9), 😀 (U+1F600 = the pair D83D DE00), 东 as raw UTF-8.
        XCTAssertEqual(try parse(#""q\"b\\s\/b\bf\fn\nr\rt\t""#), .string("q\"b\\s/b\u{8}f\u{C}n\nr\rt\t"))
        XCTAssertEqual(try parse(#"["\u00e9\uD83D\uDE00东"]"#), .array([.string("é😀东")]))
        XCTAssertEqual(try parse(#""\u0000x""#), .string("\u{0}x"))
        XCTAssertEqual(try parse(#""""#), .string(""))
    }

    func testNumbers() throws {
        XCTAssertEqual(try parse("0"), .integer(0))
        XCTAssertEqual(try parse("-17"), .integer(-17))
        XCTAssertEqual(try parse("9223372036854775807"), .integer(Int.max))
        XCTAssertEqual(try parse("-9223372036854775808"), .integer(Int.min))
        // Past Int: the nearest double (2^63 exactly; 12345678901234567890 rounds to …7168).
        XCTAssertEqual(try parse("9223372036854775808"), .number(9_223_372_036_854_775_808.0))
        XCTAssertEqual(try parse("12345678901234567890"), .number(12_345_678_901_234_567_168.0))
        // A fraction or an exponent makes a number, even when its value is whole.
        XCTAssertEqual(try parse("1.0"), .number(1))
        XCTAssertEqual(try parse("1e2"), .number(100))
        XCTAssertEqual(try parse("1e-7"), .number(0.0000001))
        XCTAssertEqual(try parse("108.1234568"), .number(108.1234568))
        XCTAssertEqual(try parse("-34.1E+1"), .number(-341))
        XCTAssertEqual(try parse("0.30000000000000004"), .number(0.30000000000000004))
        guard case .number(let negativeZero) = try parse("-0.0") else { return XCTFail("-0.0 is a number") }
        XCTAssertEqual(negativeZero.sign, .minus)
        XCTAssertEqual(negativeZero, 0)
        // Below the least subnormal (4.9e-324) it rounds: 2.5e-324 to it, 1e-400 to zero.
        XCTAssertEqual(try parse("2.5e-324"), .number(Double.leastNonzeroMagnitude))
        XCTAssertEqual(try parse("1e-400"), .number(0))
        XCTAssertEqual(error("[1E400]"), "line 1, column 2: the number 1E400 is beyond the range of a double")
    }

    func testNumbersAgreeWithDoubleFromString() throws {
        // Random spellings: up to 25 digits, a point anywhere, an exponent of either sign.
        var random = SeededRandom(seed: 7)
        for _ in 0..<20_000 {
            let digits = String((0..<random.int(in: 1...25)).map { _ in Character(String(random.int(in: 0...9))) })
            var text = digits.count > 1 && digits.first == "0" ? "1" + digits.dropFirst() : digits
            if random.chance(0.5) {
                let at = random.int(in: 1...text.count)
                if at < text.count { text.insert(".", at: text.index(text.startIndex, offsetBy: at)) }
            }
            if random.chance(0.5) { text += "e" + String(random.int(in: -330...310)) }
            if random.chance(0.5) { text = "-" + text }
            guard let expected = Double(text), expected.isFinite else { continue }
            let v = try parse(text)
            switch v {
            case .number(let d): XCTAssertEqual(d.bitPattern, expected.bitPattern, text)
            case .integer(let n):
                XCTAssertFalse(text.contains(".") || text.contains("e"), text)
                XCTAssertEqual(Int(text), n, text)
            default: XCTFail("\(text) gave \(v)")
            }
        }
    }

    func testErrorsNameLineAndColumn() {
        XCTAssertEqual(error("{\n  \"a\": [1, 2 3]\n}"), "line 2, column 14: expected ',' or ']' after an array element, found '3'")
        // Columns count characters: 东 is one, though three bytes.
        XCTAssertEqual(error("[\"东\", x]"), "line 1, column 7: expected a value, found 'x'")
        XCTAssertEqual(error(""), "line 1, column 1: the text holds no JSON value")
        XCTAssertEqual(error(" [1] x"), "line 1, column 6: expected the end of the text after the JSON value, found 'x'")
        XCTAssertEqual(error("[1,]"), "line 1, column 4: a comma must not come before ']'")
        XCTAssertEqual(error("{\"a\":1,}"), "line 1, column 8: a comma must not come before '}'")
        XCTAssertEqual(error("{\"a\" 1}"), "line 1, column 6: expected ':' after the member name \"a\", found '1'")
        XCTAssertEqual(error("{a:1}"), "line 1, column 2: expected a member name in double quotes, found 'a'")
        XCTAssertEqual(error("[1 "), "line 1, column 4: expected ',' or ']' after an array element, found the end of the text")
        XCTAssertEqual(error("[tru]"), "line 1, column 5: expected \"true\", found ']'")
        XCTAssertEqual(error("[01]"), "line 1, column 3: a number must not start with 0 followed by more digits")
        XCTAssertEqual(error("[.5]"), "line 1, column 2: expected a value, found '.'")
        XCTAssertEqual(error("-"), "line 1, column 2: expected a digit after '-', found the end of the text")
        XCTAssertEqual(error("[1.]"), "line 1, column 4: expected a digit after the decimal point, found ']'")
        XCTAssertEqual(error("[1e+]"), "line 1, column 5: expected a digit in the exponent, found ']'")
        XCTAssertEqual(error("[NaN]"), "line 1, column 2: expected a value, found 'N'")
        XCTAssertEqual(error("{\"a\": \"abc"), "line 1, column 7: the string has no closing '\"'")
        XCTAssertEqual(error("\"a\tb\""), "line 1, column 3: a control character (U+0009) must be written as an escape in a string")
        XCTAssertEqual(error(#"["\x"]"#), #"line 1, column 4: \x is not an escape JSON knows (\" \\ \/ \b \f \n \r \t \uXXXX)"#)
        XCTAssertEqual(error(#""\u12G4""#), "line 1, column 6: a \\u escape needs four hexadecimal digits, found 'G'")
        XCTAssertEqual(error("\n\"\\ud800\""), "line 2, column 2: \\uD800 is the first half of a surrogate pair without the second")
        XCTAssertEqual(error(#""\uD83D\u0041""#), "line 1, column 2: \\uD83D is the first half of a surrogate pair without the second")
        XCTAssertEqual(error(#""\uDE00""#), "line 1, column 2: \\uDE00 is the second half of a surrogate pair without the first")
        XCTAssertEqual(error("[\u{7}]"), "line 1, column 2: expected a value, found U+0007")
    }

    func testBytesThatAreNotUTF8() {
        // 0xC3 0x28: a lead byte followed by a byte that cannot continue it.
        XCTAssertThrowsError(try JSONValue(parsing: Data([0x22, 0xC3, 0x28, 0x22]))) { error in
            XCTAssertEqual("\(error)", "line 1, column 1: the string is not valid UTF-8")
        }
        XCTAssertThrowsError(try JSONValue(parsing: Data([0x5B, 0xFF, 0x5D]))) { error in
            XCTAssertEqual("\(error)", "line 1, column 2: expected a value, found byte 0xFF")
        }
    }

    func testDeepNestingIsAnErrorNotACrash() throws {
        func depth(_ v: JSONValue) -> Int { if case .array(let a) = v { 1 + (a.first.map(depth) ?? 0) } else { 0 } }
        XCTAssertEqual(depth(try parse(String(repeating: "[", count: 512) + String(repeating: "]", count: 512))), 512)
        XCTAssertEqual(error(String(repeating: "[", count: 100_000)), "line 1, column 513: arrays and objects nest more than 512 deep")
    }

    func testGeoJSONReaderSaysWhereTheTextBreaks() {
        XCTAssertThrowsError(try GeoJSONReader.read(Data("{\"type\":\n\"Feature\",,}".utf8), source: "x.geojson")) { error in
            XCTAssertEqual("\(error)", "x.geojson: not valid JSON (line 2, column 11: expected a member name in double quotes, found ',')")
        }
    }
}
