/// Columns of text aligned for a terminal, where Chinese characters take two cells.
enum TextTable {
    /// Terminal cells a string takes: two for East Asian wide characters, one otherwise.
    static func width(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            let v = u.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v)
            return n + (wide ? 2 : 1)
        }
    }

    /// The rows with every column but the last padded to its widest cell, two spaces apart.
    static func render(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? width($0[c]) : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c + 1 == row.count ? cell : cell + String(repeating: " ", count: widths[c] - width(cell) + 2)
            }.joined()
        }.joined(separator: "\n")
    }
}
