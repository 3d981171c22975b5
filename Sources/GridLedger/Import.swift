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

/// Bulk intake into the ledger: read, locate and assign every row, and file them all in one
/// transaction (all or nothing); bad rows go to a rejects CSV with their line and reason.
///
/// A pipeline: a reader thread reads the next chunk and locates and assigns it across the
/// cores while the ledger's writer files the chunk before; only a few chunks are held at once.
public struct Importer {
    public let office: Office
    public let locator: Locator
    public var merge = MergePolicy()
    public var skipBad = false
    /// Threads that locate and assign (each with its own PROJ objects).
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var chunkSize = 16_384
    /// Called as chunks are filed, with the rows done so far.
    public var progress: ((Int) -> Void)?

    public init(office: Office, locator: Locator) { self.office = office; self.locator = locator }

    public func run(_ file: IntakeFile, into ledger: Ledger, rejects rejectsPath: String, by: String, now: Double) throws -> ImportSummary {
        let responsibility = Responsibility(office: office)
        let triages = try (0..<workers).map { _ in try Triage(responsibility: responsibility, locator: locator) }
        let chunks = ChunkQueue(capacity: 2)
        let rejects = RejectsFile(path: rejectsPath, header: file.header)
        let skipBad = self.skipBad, chunkSize = self.chunkSize, workers = self.workers
        let file = file

        // The reader: rows → triaged chunks, rejects to the file as they come.
        let reader = Thread {
            // After a bad row without --skip-bad, the rest is still read, to list every bad row.
            var refused = false
            while !chunks.isClosed {
                // Records are split into fields here, in file order; the workers make them
                // problems (numbers, times, categories) and locate and assign them.
                let records = file.nextRecords(chunkSize)
                if records.isEmpty { chunks.put(refused ? .refused : .end); return }
                let rows = ResultSlots<IntakeFile.Row>(count: records.count)
                let results = ResultSlots<Result<Triaged, Error>>(count: records.count)
                let share = (records.count + workers - 1) / workers
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let lo = min(records.count, w * share), hi = min(records.count, lo + share)
                    for k in lo..<hi {
                        let row = file.row(records[k])
                        rows.set(k, row)
                        guard let p = row.problem else { continue }
                        results.set(k, Result { try triages[w].triage(p) })
                    }
                }
                var good: [Triaged] = []
                good.reserveCapacity(records.count)
                var bad = 0
                for k in 0..<records.count {
                    guard let row = rows.get(k) else { continue }
                    switch results.get(k) {
                    case .success(let t)?: good.append(t)
                    case .failure(let e)?: rejects.add(row.label, "\(e)", row.fields); bad += 1
                    case nil: rejects.add(row.label, row.reason ?? "not read", row.fields); bad += 1
                    }
                }
                if bad > 0 && !skipBad { refused = true }
                if !refused { chunks.put(.rows(good, read: records.count)) }
            }
        }
        reader.stackSize = 1 << 22
        reader.start()
        defer { chunks.close() }

        var summary = ImportSummary()
        do {
            try ledger.fileChunks(streetCode: office.street.area.code, calendar: office.calendar, catalogue: office.catalogue, merge: merge, by: by, at: now) {
                switch chunks.take() {
                case .rows(let good, let read):
                    summary.rows += read
                    return good
                case .refused:
                    throw ImportRefused(rejected: rejects.count, rows: file.rowsRead, rejectsPath: rejectsPath, first: rejects.first)
                case .end, nil:
                    return nil
                }
            } outcomes: { outcomes in
                for o in outcomes {
                    switch o {
                    case .opened: summary.opened += 1
                    case .merged: summary.merged += 1
                    case .alreadyFiled: summary.alreadyFiled += 1
                    }
                }
                progress?(summary.rows)
            }
        } catch let refused as ImportRefused {
            try rejects.close()
            throw refused
        }
        summary.rejected = rejects.count
        try rejects.close()
        summary.rejectsPath = rejects.count > 0 ? rejectsPath : nil
        return summary
    }
}

/// A chunk passed from the reader to the writer.
enum Chunk: Equatable {
    case rows([Triaged], read: Int)
    /// A bad row was found and `--skip-bad` was not given.
    case refused
    case end

    static func == (a: Chunk, b: Chunk) -> Bool {
        switch (a, b) {
        case (.end, .end), (.refused, .refused): true
        default: false
        }
    }
}

/// A bounded queue between one producer and one consumer.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Chunk] = []
    private var closed = false
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func put(_ c: Chunk) {
        condition.lock(); defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        if closed { return }
        items.append(c)
        condition.broadcast()
    }

    func take() -> Chunk? {
        condition.lock(); defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let c = items.removeFirst()
        condition.broadcast()
        return c
    }

    var isClosed: Bool { condition.lock(); defer { condition.unlock() }; return closed }

    /// Wakes both sides for good.
    func close() {
        condition.lock(); closed = true; condition.broadcast(); condition.unlock()
    }
}

/// The rejects CSV, opened at the first bad row: where, why, and the row's fields.
final class RejectsFile: @unchecked Sendable {
    let path: String, header: [String]
    private var out: TextOutput?
    private var failure: Error?
    private(set) var count = 0
    private(set) var first: [String] = []
    private let lock = NSLock()

    init(path: String, header: [String]) { self.path = path; self.header = header }

    func add(_ label: String, _ reason: String, _ fields: [String]) {
        lock.lock(); defer { lock.unlock() }
        count += 1
        if first.count < 10 { first.append("\(label): \(reason)") }
        do {
            if out == nil {
                out = try TextOutput(path: path)
                out?.write(CSVFormat.line(["where", "reason"] + header))
            }
            out?.write(CSVFormat.line([label, reason] + fields))
        } catch {
            if failure == nil { failure = error }
        }
    }

    func close() throws {
        lock.lock(); defer { lock.unlock() }
        if let failure { throw failure }
        try out?.close()
    }
}
