import ArgumentParser
import Foundation
import GridLedger
import GridPin

/// The ledger file every ledger command uses: `--db PATH`, else `GRIDPIN_DB`, else
/// `gridpin.sqlite` in the working folder.
struct LedgerOptions: ParsableArguments {
    @Option(help: "The ledger file (default: $GRIDPIN_DB, else gridpin.sqlite here).")
    var db: String?

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["GRIDPIN_DB"], !env.isEmpty { return env }
        return Ledger.defaultPath
    }

    func open() throws -> Ledger { try Ledger(path: path) }
}

extension ReportSource: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

/// A time given on the command line, or now.
func parseTime(_ text: String?, _ office: Office, option: String) throws -> Double {
    guard let text else { return Date().timeIntervalSince1970 }
    guard let t = office.calendar.parse(text) else {
        // Not a ValidationError: thrown from run(), that prints the root command's usage.
        throw InputError(source: option, message: "\"\(text)\" is not a time: write 2022-07-15T10:00, 2022-07-15 10:00:00+08:00 or 2022/7/15 10:00 不是有效时间")
    }
    return t.timeIntervalSince1970
}

/// Unit ids as "id 名称 / Name" for people.
func unitNames(_ ids: [String], _ street: Street) -> String {
    ids.isEmpty ? "—" : ids.map { id in street.unit(id).map { "\(id) \($0.name)" } ?? id }.joined(separator: "; ")
}
