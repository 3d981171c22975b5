import Foundation
import GridGeo
import GridPin

/// What an import did.
public struct ImportSummary: Sendable {
    public var rows = 0, opened = 0, merged = 0, alreadyFiled = 0, rejected = 0
    public var rejectsPath: String?
}

/// An import refused because some rows are bad and `--skip-bad` was not given: nothing landed.
public struct ImportRefused: Error, CustomStringConvertible, Sendable {
    public let rejected: Int, rows: Int
    public let rejectsPath: String
    public let first: [String]

    public var description: String {
        (first + ["\(rejected) of \(rows) rows cannot be imported (all listed in \(rejectsPath)); nothing was imported. "
                  + "Fix them, or give --skip-bad to import the good rows. 有 \(rejected) 行无法导入，未导入任何行。"]).joined(separator: "\n")
    }
}

/// Bulk intake into the ledger: read, locate and assign every row, then file them all in one
/// transaction (all or nothing); bad rows go to a rejects CSV with their line and reason.
public struct Importer {
    public let office: Office
    public let locator: Locator
    public var merge = MergePolicy()
    public var skipBad = false
    /// Threads that locate and assign (each with its own PROJ objects).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    public init(office: Office, locator: Locator) { self.office = office; self.locator = locator }

    public func run(_ file: IntakeFile, into ledger: Ledger, rejects rejectsPath: String, by: String, now: Double) throws -> ImportSummary {
        var summary = ImportSummary()
        summary.rows = file.problems.count + file.rejects.count
        var rejects = file.rejects.map { (label: $0.label, reason: $0.reason, fields: $0.fields) }

        // Locate and assign, split across threads.
        let rows = file.problems
        let share = (rows.count + workers - 1) / max(1, workers)
        let results = ResultSlots<Result<Triaged, Error>>(count: rows.count)
        let responsibility = Responsibility(office: office)
        let setups = try (0..<workers).map { _ in try Triage(responsibility: responsibility, locator: locator) }
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let lo = min(rows.count, w * share), hi = min(rows.count, lo + share)
            for i in lo..<hi { results.set(i, Result { try setups[w].triage(rows[i].problem) }) }
        }
        var triaged: [Triaged] = []
        triaged.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            switch results.get(i) {
            case .success(let t)?: triaged.append(t)
            case .failure(let e)?: rejects.append((row.label, "\(e)", row.fields))
            case nil: rejects.append((row.label, "not processed", row.fields))
            }
        }
        if !rejects.isEmpty {
            try writeRejects(rejects, header: file.header, to: rejectsPath)
            summary.rejected = rejects.count
            summary.rejectsPath = rejectsPath
            if !skipBad {
                let first = rejects.prefix(10).map { "\($0.label): \($0.reason)" }
                throw ImportRefused(rejected: rejects.count, rows: summary.rows, rejectsPath: rejectsPath, first: first)
            }
        }
        let outcomes = try ledger.file(triaged, streetCode: office.street.area.code, calendar: office.calendar, merge: merge, by: by, at: now)
        for o in outcomes {
            switch o {
            case .opened: summary.opened += 1
            case .merged: summary.merged += 1
            case .alreadyFiled: summary.alreadyFiled += 1
            }
        }
        return summary
    }

    func writeRejects(_ rejects: [(label: String, reason: String, fields: [String])], header: [String], to path: String) throws {
        let out = try TextOutput(path: path)
        out.write(CSVFormat.line(["where", "reason"] + header))
        for r in rejects.sorted(by: { lineOrder($0.label) < lineOrder($1.label) }) {
            out.write(CSVFormat.line([r.label, r.reason] + r.fields))
        }
        try out.close()
    }

    func lineOrder(_ label: String) -> Int { Int(label.split(separator: " ").last ?? "") ?? 0 }
}

/// Slots that threads fill at distinct indices: one allocation, no copy-on-write, no
/// exclusivity check across threads (each index is written by one thread only).
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        slots.baseAddress?.deinitialize(count: slots.count)
        slots.deallocate()
    }
    func set(_ i: Int, _ value: T) { slots[i] = value }
    func get(_ i: Int) -> T? { slots[i] }
}
