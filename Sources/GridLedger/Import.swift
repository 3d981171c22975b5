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
    /// Why the rejects file could not be written, when it could not.
    public var rejectsFailure: String?

    public var description: String {
        let listed = rejectsFailure.map { "the rejects file could not be written: \($0)" } ?? "all listed in \(rejectsPath)"
        return (first + ["\(rejected) of \(rows) rows cannot be imported (\(listed)); nothing was imported. "
                  + "Fix them, or give --skip-bad to import the good rows. 有 \(rejected) 行无法导入，未导入任何行。"]).joined(separator: "\n")
    }
}

/// An import given up because its rejected rows could not be written to the rejects file: with
/// `--skip-bad` the good rows would land and the bad ones be listed nowhere, so nothing lands.
public struct RejectsUnwritable: Error, CustomStringConvertible, Sendable {
    public let failure: String
    public let first: [String]

    public var description: String {
        (first + ["\(failure); nothing was imported, as the rows rejected could not be listed. 拒收文件无法写入，未导入任何行。"])
            .joined(separator: "\n")
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
                if records.isEmpty { chunks.put(file.readError.map { .failed($0) } ?? (refused ? .refused : .end)); return }
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
                let chunk = chunks.take()
                // The reader lists a chunk's bad rows before it passes the chunk on: when they
                // could not be written, nothing may land (the transaction is rolled back).
                if chunk != .refused, let failure = rejects.failure {
                    throw RejectsUnwritable(failure: "\(failure)", first: rejects.first)
                }
                switch chunk {
                case .rows(let good, let read):
                    summary.rows += read
                    return good
                case .failed(let error):
                    throw error
                case .refused:
                    throw ImportRefused(rejected: rejects.count, rows: file.rowsRead, rejectsPath: rejectsPath, first: rejects.first)
                case .end, nil:
                    // Written out before the transaction commits: a full disk rolls it back.
                    do { try rejects.close() } catch { throw RejectsUnwritable(failure: "\(error)", first: rejects.first) }
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
        } catch var refused as ImportRefused {
            do { try rejects.close() } catch { refused.rejectsFailure = "\(error)" }
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
    /// The file could not be read to its end.
    case failed(InputError)
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
    private var writeFailure: Error?
    private var rows = 0
    private var firstRows: [String] = []
    private let lock = NSLock()

    /// The first failure to write the file, if any.
    var failure: Error? { lock.lock(); defer { lock.unlock() }; return writeFailure }
    var count: Int { lock.lock(); defer { lock.unlock() }; return rows }
    /// The first ten rows added, as "where: why".
    var first: [String] { lock.lock(); defer { lock.unlock() }; return firstRows }

    init(path: String, header: [String]) { self.path = path; self.header = header }

    func add(_ label: String, _ reason: String, _ fields: [String]) {
        lock.lock(); defer { lock.unlock() }
        rows += 1
        if firstRows.count < 10 { firstRows.append("\(label): \(reason)") }
        guard writeFailure == nil else { return }
        do {
            if out == nil {
                out = try TextOutput(path: path)
                out?.write(CSVFormat.line(["where", "reason"] + header))
            }
            out?.write(CSVFormat.line([label, reason] + fields))
        } catch {
            writeFailure = error
        }
    }

    func close() throws {
        lock.lock(); defer { lock.unlock() }
        if let writeFailure { throw writeFailure }
        try out?.close()
    }
}
