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

    @inline(__always) private func byte() -> UInt8? {
        if position == length {
            if atEOF { return nil }
            refill()
            if position == length { return nil }
        }
        defer { position += 1 }
        return chunk[position]
    }

    @inline(__always) private func peek() -> UInt8? {
        if position == length {
            if atEOF { return nil }
            refill()
            if position == length { return nil }
        }
        return chunk[position]
    }

    /// The next record and the line it starts on, or `nil` at the end of the file.
    public func next() -> (line: Int, fields: [String])? {
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false, sawAny = false
        while let b = byte() {
            sawAny = true
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if peek() == UInt8(ascii: "\"") { position += 1; field.append(b) } else { quoted = false }
                } else {
                    if b == 0x0A { line += 1 }
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\""):
                quoted = true
            case 0x0D:
                if peek() == 0x0A { position += 1 }
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return (startLine, fields)
            case 0x0A:
                line += 1
                fields.append(String(decoding: field, as: UTF8.self))
                return (startLine, fields)
            default:
                field.append(b)
            }
        }
        guard sawAny else { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return (startLine, fields)
    }
}

/// Writes CSV (RFC 4180) fields, quoting those that hold a comma, quote or line break.
public enum CSVFormat {
    public static func appendField(_ s: String, to out: inout [UInt8]) {
        let needsQuotes = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if !needsQuotes { out.append(contentsOf: s.utf8); return }
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
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
