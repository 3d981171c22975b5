import GridGeo

/// JSON text for the CLI's answers: objects with keys in a fixed order (stable for machines).
enum JSONText {
    /// Appends a value; numbers with at most `decimals` decimals, or without `decimals` as the
    /// shortest text that reads back as the same double (callers round where a column wants it);
    /// NaN and infinities as null.
    static func append(_ value: JSONValue, decimals: Int? = nil, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .integer(let n): TextFormat.appendInteger(n, to: &out)
        case .number(let d) where !d.isFinite: out += Array("null".utf8)
        case .number(let d):
            if let decimals { TextFormat.appendNumber(d, decimals: decimals, to: &out) } else { out += Array(String(d).utf8) }
        case .string(let s): TextFormat.appendJSONString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out += Array(", ".utf8) }
                append(item, decimals: decimals, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, multiline: false, to: &out)
        }
    }

    /// Appends an object with its keys in the order given: one member a line, or all on one;
    /// numbers as `append` writes them.
    static func object(_ members: [(String, JSONValue)], multiline: Bool, decimals: Int? = nil, to out: inout [UInt8]) {
        out += Array((multiline ? "{\n" : "{").utf8)
        for (i, (key, value)) in members.enumerated() {
            if multiline { out += Array("  ".utf8) }
            TextFormat.appendJSONString(key, to: &out)
            out += Array(": ".utf8)
            append(value, decimals: decimals, to: &out)
            if i + 1 < members.count { out += Array((multiline ? ",\n" : ", ").utf8) } else if multiline { out.append(0x0A) }
        }
        out.append(UInt8(ascii: "}"))
    }

    static func object(_ members: [(String, JSONValue)]) -> String {
        var out: [UInt8] = []
        object(members, multiline: true, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
