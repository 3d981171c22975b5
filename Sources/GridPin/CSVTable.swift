import Foundation

/// A small CSV file read whole, with named columns: the form of the data files people edit
/// (`units.csv`, `catalogue.csv`, `rules.csv`). Blank lines and lines starting with `#` are skipped.
public struct CSVTable: Sendable {
    /// One record: its line in the file and its fields, trimmed.
    public struct Row: Sendable {
        public let line: Int
        let fields: [String]
        let index: [String: Int]

        /// The field under `column`, "" when the column is optional and absent.
        public subscript(column: String) -> String {
            index[column].map { fields[$0] } ?? ""
        }
    }

    public let file: String
    public let rows: [Row]

    /// Reads `path`, which must have every column in `required`; `optional` columns may be absent.
    /// Unknown columns are refused, so that a misspelt header is caught.
    public init(path: String, required: [String], optional: [String] = []) throws {
        file = URL(fileURLWithPath: path).lastPathComponent
        let reader = try CSVReader(path: path)
        var header: [String]?
        var rows: [Row] = []
        var index: [String: Int] = [:]
        while let (line, raw) = reader.next() {
            let fields = raw.map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.allSatisfy(\.isEmpty) || fields[0].hasPrefix("#") { continue }
            guard header != nil else {
                header = fields
                for (i, name) in fields.enumerated() {
                    guard required.contains(name) || optional.contains(name) else {
                        throw InputError(source: file, message: "line \(line): unknown column \"\(name)\" (columns: \((required + optional).joined(separator: ", ")))")
                    }
                    guard index.updateValue(i, forKey: name) == nil else {
                        throw InputError(source: file, message: "line \(line): column \"\(name)\" appears twice")
                    }
                }
                for name in required where index[name] == nil {
                    throw InputError(source: file, message: "line \(line): no \"\(name)\" column (it needs \(required.joined(separator: ", ")))")
                }
                continue
            }
            guard fields.count == header!.count else {
                throw InputError(source: file, message: "line \(line): \(fields.count) fields, the header has \(header!.count)")
            }
            rows.append(Row(line: line, fields: fields, index: index))
        }
        guard header != nil else { throw InputError(source: file, message: "is empty: a header line is needed") }
        self.rows = rows
    }
}
