import XCTest
import GridGeo
@testable import GridPin

/// The fast CSV paths checked against slow ones: blocks of records against `nextRaw` record by
/// record, numbers read eight digits at a time against Swift's own parser.
final class CSVTests: XCTestCase {
    func temp(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Random CSV text: plain rows, quoted fields with commas, quotes and line breaks, CRLF and
    /// lone CR endings, blank lines, and perhaps no final line break.
    func randomCSV(_ random: inout SeededRandom, rows: Int) -> String {
        var text = "id,lon,lat\n"
        for i in 0..<rows {
            let lon = String(format: "%.7f", 108 + random.unit()), lat = String(format: "%.6f", 34 + random.unit())
            switch random.next() % 10 {
            case 0: text += "\(i),\"a, \"\"b\"\"\nc\",\(lat)\r\n"
            case 1: text += "\r\n"
            case 2: text += "\(i),\(lon),\(lat)\r"
            case 3: text += "\n"
            case 4: text += "\(i),\" \(lon)\",\(lat),extra\n"
            default: text += "\(i),\(lon),\(lat)\n"
            }
        }
        if random.next() % 2 == 0 { text += "last,108.5,34.3" }
        return text
    }

    func testBlocksHoldTheRecordsThatNextRawReads() throws {
        var random = SeededRandom(seed: 21)
        for round in 0..<6 {
            let path = try temp(round == 0 ? "id,lon,lat\n1,108.5,34.3\n\n2,108.6,34.4" : randomCSV(&random, rows: 3000))
            let slow = try CSVReader(path: path)
            var expected: [(String, Int)] = []
            var raw: [UInt8] = []
            while true {
                raw.removeAll()
                guard let line = slow.nextRaw(into: &raw) else { break }
                if !raw.isEmpty { expected.append((String(decoding: raw, as: UTF8.self), line)) }
            }
            let fast = try CSVReader(path: path)
            var got: [(String, Int)] = []
            var fields: [(Int, Double, Double)] = [], slowFields: [(Int, Double, Double)] = []
            var scratch: [UInt8] = []
            while let block = fast.nextBlock(limit: 1 + Int(random.next() % 700)) {
                block.forEachRecord { p, s, e, line in
                    got.append((String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self), line))
                    let f = CSVFormat.fields(block.bytes[s..<e])
                    slowFields.append((f.count, f.count > 1 ? Double(f[1].trimmingCharacters(in: .whitespaces)) ?? .nan : .nan,
                                       f.count > 2 ? Double(f[2].trimmingCharacters(in: .whitespaces)) ?? .nan : .nan))
                }
                block.forEachRecord(xColumn: 1, yColumn: 2, scratch: &scratch) { _, _, _, _, count, x, y in fields.append((count, x, y)) }
            }
            XCTAssertEqual(got.map(\.0), expected.map(\.0), "round \(round)")
            XCTAssertEqual(got.map(\.1), expected.map(\.1), "round \(round)")
            XCTAssertEqual(fields.map(\.0), slowFields.map(\.0), "round \(round)")
            XCTAssertEqual(fields.map(\.1.bitPattern), slowFields.map(\.1.bitPattern), "round \(round)")
            XCTAssertEqual(fields.map(\.2.bitPattern), slowFields.map(\.2.bitPattern), "round \(round)")
        }
    }

    func testNumbersReadEightDigitsAtATimeEqualSwiftsParser() {
        var random = SeededRandom(seed: 22)
        for _ in 0..<20_000 {
            // Up to 19 digits with a point anywhere, a sign, sometimes spaces or a stray character.
            let count = 1 + Int(random.next() % 19)
            var digits = (0..<count).map { _ in Character(String(random.next() % 10)) }
            if random.next() % 3 > 0 { digits.insert(".", at: Int(random.next() % UInt64(count + 1))) }
            var text = String(digits)
            if random.next() % 4 == 0 { text = "-" + text }
            if random.next() % 8 == 0 { text = " " + text + " " }
            if random.next() % 16 == 0 { text.insert("z", at: text.index(text.startIndex, offsetBy: Int(random.next() % UInt64(text.count)))) }
            let padded = Array(text.utf8) + Array("123,456789\n".utf8)
            let got = padded.withUnsafeBufferPointer { CSVFormat.parseDouble($0.baseAddress!, 0, text.utf8.count, readable: $0.count) }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            let expected = trimmed.contains("z") || trimmed == "." || trimmed == "-." ? nil : Double(trimmed)
            XCTAssertEqual(got?.bitPattern, expected?.bitPattern, text)
            XCTAssertEqual(got?.bitPattern, CSVFormat.parseDouble(Array(text.utf8)[...])?.bitPattern, text)
        }
    }

    func testCommaOrLineFeedFindsTheFirst() {
        var random = SeededRandom(seed: 23)
        for _ in 0..<5000 {
            let n = Int(random.next() % 40)
            let bytes = (0..<n).map { _ -> UInt8 in
                switch random.next() % 12 { case 0: UInt8(ascii: ","); case 1: 0x0A; case 2: 0xE4; default: UInt8(truncatingIfNeeded: 0x30 + random.next() % 60) }
            }
            let start = n == 0 ? 0 : Int(random.next() % UInt64(n))
            let expected = bytes[start...].firstIndex { $0 == UInt8(ascii: ",") || $0 == 0x0A } ?? n
            XCTAssertEqual(bytes.withUnsafeBufferPointer { CSVFormat.commaOrLineFeed($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, start, n) }, expected)
        }
    }

    /// Every record of a file as `next` reads it: (line, fields).
    func records(_ path: String) throws -> ([(Int, [String])], CSVReader) {
        let reader = try CSVReader(path: path)
        var all: [(Int, [String])] = []
        while let r = reader.next() { all.append((r.line, r.fields)) }
        return (all, reader)
    }

    /// A quote opens a quoted field only as a field's first byte (RFC 4180 §2.5; spreadsheets
    /// read `5"` as text): before, one stray quote swallowed every later line into its row.
    /// The fields are what RFC 4180 makes of each line, written out by hand.
    func testAQuoteInsideAnUnquotedFieldIsText() throws {
        let path = try temp("id,note\n1,5\" screen\n2,\"a \"\"b\"\", c\"\n3,\"\"\"q\"\"\"\n4,\"\",x\"y\n5,\"ab\"c\"d\n")
        let (all, reader) = try records(path)
        XCTAssertEqual(all.map(\.0), [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(all.map(\.1), [["id", "note"], ["1", "5\" screen"], ["2", "a \"b\", c"], ["3", "\"q\""], ["4", "", "x\"y"],
                                     ["5", "abc\"d"]])
        XCTAssertNil(reader.openQuoteLine)
    }

    /// The same where the quote is the first byte the reader's second megabyte holds, so that
    /// the byte before it is in the record read so far: a stray quote after a letter, and a
    /// quoted field (holding a comma and a line break) after a comma.
    func testQuotesAtTheReadersBufferEdge() throws {
        for (before, cell, fields) in [("x", "\"tail", ["x\"tail"]), (",", "\"a,\nb\"", ["", "a,\nb"])] {
            let header = "id,note\n", filler = String(repeating: "f", count: 1 << 20)
            // Line 2 is "1," + filler, cut so that the quote lands on byte 2^20 of the file.
            let head = header + "1," + filler.prefix((1 << 20) - header.utf8.count - 3) + before
            XCTAssertEqual(head.utf8.count, 1 << 20)
            let path = try temp(head + cell + "\n2,z\n")
            let (all, _) = try records(path)
            XCTAssertEqual(all.count, 3, before)
            XCTAssertEqual(Array(all[1].1.dropFirst().joined(separator: "|").suffix(fields.joined(separator: "|").count)),
                           Array(fields.joined(separator: "|")), before)
            XCTAssertEqual(all[2].1, ["2", "z"], before)
        }
    }

    /// A quoted field still open at the end of the file: the record it starts runs to the end,
    /// and the reader says which line it began on.
    func testAnOpenQuoteIsNamed() throws {
        let path = try temp("id,note,lon,lat\n1,\"open,108.5,34.3\n2,x,108.5,34.3\n")
        let (all, reader) = try records(path)
        XCTAssertEqual(all.map(\.0), [1, 2])
        XCTAssertEqual(all[1].1, ["1", "open,108.5,34.3\n2,x,108.5,34.3\n"])
        XCTAssertEqual(reader.openQuoteLine, 2)
        let blocks = try CSVReader(path: path)
        var flags: [Bool] = []
        while let block = blocks.nextBlock(limit: 1) { flags.append(block.endsInOpenQuote) }
        XCTAssertEqual(flags, [false, true])
    }

    /// `isUTF8` agrees with the standard library on random runs of ASCII, valid sequences and
    /// stray bytes, and on the classic bad cases (a lone lead byte, an overlong NUL, a surrogate,
    /// a code point above U+10FFFF, a truncated sequence at the end).
    func testUTF8Check() {
        func check(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { CSVFormat.isUTF8($0.baseAddress ?? UnsafePointer(bitPattern: 8)!, $0.count) } }
        XCTAssertTrue(check(Array("lon,lat,飞线充电,é".utf8)))
        for bad: [UInt8] in [[0x61, 0xE9, 0x20], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], Array("abcdefgh".utf8) + [0xE4, 0xB8]] {
            XCTAssertFalse(check(bad), "\(bad)")
        }
        var random = SeededRandom(seed: 24)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(random.next() % 12) {
                switch random.next() % 4 {
                case 0: bytes += Array("lon,lat,1".utf8)
                case 1: bytes += Array("中é😀".utf8)
                case 2: bytes.append(UInt8(truncatingIfNeeded: random.next()))
                default: bytes += Array(repeating: 0x41, count: Int(random.next() % 9))
                }
            }
            XCTAssertEqual(check(bytes), String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
        }
    }

    /// A file that cannot be read is not an empty one: a folder (fread fails with EISDIR) and
    /// /proc/self/mem (address 0 is never mapped: EIO) say why, with glibc's strerror text.
    func testAReadErrorIsNotTheEndOfTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.path
        XCTAssertThrowsError(try CSVReader(path: folder).header()) { error in
            XCTAssertEqual("\(error)", "\(folder): cannot read: Is a directory 读取失败")
        }
        XCTAssertThrowsError(try openPointSource(path: folder, crs: .wgs84)) { error in
            XCTAssertEqual("\(error)", "\(folder): cannot read: Is a directory 读取失败")
        }
        guard FileManager.default.fileExists(atPath: "/proc/self/mem") else { return }
        XCTAssertThrowsError(try CSVReader(path: "/proc/self/mem").header()) { error in
            XCTAssertEqual("\(error)", "/proc/self/mem: cannot read: Input/output error 读取失败")
        }
    }
}
