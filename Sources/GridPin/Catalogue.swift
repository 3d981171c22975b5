import Foundation

/// How a time limit is counted (DOMAIN.md §5): on the wall clock or on the office-hours clock.
public enum TimeLimitKind: String, Sendable, CaseIterable, Codable {
    case urgentHours = "urgent_hours", workingHours = "working_hours"
    case workingDays = "working_days", naturalDays = "natural_days"

    public var chinese: String {
        switch self {
        case .urgentHours: "紧急小时"
        case .workingHours: "工作小时"
        case .workingDays: "工作日"
        case .naturalDays: "自然日"
        }
    }
}

/// A time limit: a kind and an amount, e.g. 4 working hours.
public struct TimeLimit: Sendable, Equatable, CustomStringConvertible {
    public let kind: TimeLimitKind
    public let amount: Int

    public init(kind: TimeLimitKind, amount: Int) { self.kind = kind; self.amount = amount }

    public var description: String {
        switch kind {
        case .urgentHours: "\(amount) urgent hours"
        case .workingHours: "\(amount) working hours"
        case .workingDays: "\(amount) working days"
        case .naturalDays: "\(amount) natural days"
        }
    }

    public var chinese: String {
        switch kind {
        case .urgentHours: "紧急\(amount)小时"
        case .workingHours: "\(amount)个工作小时"
        case .workingDays: "\(amount)个工作日"
        case .naturalDays: "\(amount)个自然日"
        }
    }
}

/// One problem type of the catalogue: a stable 4-digit code (the national class code where one
/// exists, else a local extension code), names, the seed action it belongs to (1–8), a severity
/// (1 low … 3 high) and its default time limit.
public struct Category: Sendable, Equatable {
    public let code: String, name: String, nameEn: String
    public let action: Int
    public let severity: Int
    public let limit: TimeLimit
    /// "national" (the GB-style class table) or "local" (an extension class).
    public let source: String
}

/// The eight special actions of the seed plan (DOMAIN.md §2).
public enum SpecialAction {
    public static let names: [Int: (String, String)] = [
        1: ("新时代文明实践", "Civilisation-practice stations"),
        2: ("社区(小区)环境", "Community / compound environment"),
        3: ("农贸市场", "Farmers' markets"),
        4: ("市容环境", "City appearance"),
        5: ("文明交通", "Civilised traffic"),
        6: ("窗口服务", "Service windows"),
        7: ("教育医卫", "Schools"),
        8: ("知晓率·满意度", "Awareness & satisfaction"),
    ]
}

/// The problem catalogue (`catalogue.csv`): every problem type a street office handles.
public struct Catalogue: Sendable {
    public let categories: [Category]
    private let byCode: [String: Int]
    /// Chinese names and lower-cased English names → index, the first in catalogue order winning.
    private let byName: [String: Int]

    public static let file = "catalogue.csv"
    public static let columns = ["code", "name", "name_en", "action", "severity", "limit_kind", "limit_amount", "source"]

    public init(categories: [Category]) {
        self.categories = categories
        byCode = Dictionary(categories.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        byName = Dictionary(categories.enumerated().flatMap { [($1.name, $0), ($1.nameEn.lowercased(), $0)] }, uniquingKeysWith: { a, _ in a })
    }

    public subscript(code: String) -> Category? { byCode[code].map { categories[$0] } }

    /// The index of the category a text names — its code, its Chinese name or its English name
    /// in any case, spaces around it ignored (" 9201 ", "飞线充电", "flying-line e-bike
    /// charging") — or `nil`.
    public func index(named text: String) -> Int? {
        if let k = byCode[text] ?? byName[text] { return k }
        let t = text.trimmingCharacters(in: .whitespaces)
        return byCode[t] ?? byName[t] ?? byName[t.lowercased()]
    }

    /// The category a text names (`index(named:)`), or `nil`.
    public func named(_ text: String) -> Category? { index(named: text).map { categories[$0] } }

    /// Reads `catalogue.csv`; every bad row is one line of `problems`, and such rows are left out.
    public static func load(path: String, problems: inout [String]) throws -> Catalogue {
        let table = try CSVTable(path: path, required: columns)
        var categories: [Category] = []
        var seen = Set<String>()
        for row in table.rows {
            func bad(_ message: String) { problems.append("\(table.file): line \(row.line): \(message)") }
            let code = row["code"]
            guard code.count == 4, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else {
                bad("code \"\(code)\" must be 4 digits (2-digit class + 2-digit subclass)"); continue
            }
            guard seen.insert(code).inserted else { bad("code \(code) appears twice"); continue }
            guard !row["name"].isEmpty, !row["name_en"].isEmpty else { bad("\(code): name and name_en are both needed"); continue }
            guard let action = Int(row["action"]), (1...8).contains(action) else {
                bad("\(code): action \"\(row["action"])\" must be one of the eight special actions, 1–8"); continue
            }
            guard let severity = Int(row["severity"]), (1...3).contains(severity) else {
                bad("\(code): severity \"\(row["severity"])\" must be 1 (low), 2 or 3 (high)"); continue
            }
            guard let kind = TimeLimitKind(rawValue: row["limit_kind"]) else {
                bad("\(code): limit_kind \"\(row["limit_kind"])\" must be one of \(TimeLimitKind.allCases.map(\.rawValue).joined(separator: ", "))"); continue
            }
            guard let amount = Int(row["limit_amount"]), amount > 0 else {
                bad("\(code): limit_amount \"\(row["limit_amount"])\" must be a whole number above 0"); continue
            }
            guard ["national", "local"].contains(row["source"]) else {
                bad("\(code): source \"\(row["source"])\" must be national or local"); continue
            }
            categories.append(Category(code: code, name: row["name"], nameEn: row["name_en"], action: action,
                                       severity: severity, limit: TimeLimit(kind: kind, amount: amount), source: row["source"]))
        }
        return Catalogue(categories: categories)
    }

    /// The codes nearest to an unknown one, for "did you mean" messages: same prefix first, then
    /// by edit distance of code and names.
    public func nearest(to text: String, count: Int = 3) -> [Category] {
        // Its first 100 characters: longer than any code or name, a text is no nearer one for
        // more of them, and edit distances over a megabyte of text took minutes.
        let query = String(text.prefix(100)).lowercased()
        func distance(_ c: Category) -> Int {
            let byCode = editDistance(query, c.code)
            let byName = min(editDistance(query, c.name), editDistance(query, c.nameEn.lowercased()))
            let prefix = c.code.hasPrefix(String(query.prefix(2))) ? 0 : 1
            return min(byCode * 2 + prefix, byName * 2)
        }
        return categories.sorted { (distance($0), $0.code) < (distance($1), $1.code) }.prefix(count).map { $0 }
    }
}

/// Levenshtein distance over characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count), current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
