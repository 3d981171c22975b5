import Foundation

/// The rows of an intake file located and assigned on every core, in file order: how
/// `hotspots --input` and `sweeps --input` take a plain file.
///
/// A pipeline: a reader thread reads the file's records (CSV fields) a chunk ahead, while
/// `workers` threads, each with its own `Triage` (PROJ objects belong to one thread), make the
/// chunk before into problems, triage them and turn each into what the caller keeps; the calling
/// thread hands those on in order.
public struct IntakeTriage {
    public let office: Office
    public let locator: Locator
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var chunkSize = 16_384
    /// Whether assignments carry their reason (`Triage.reasons`).
    public var reasons = true

    public init(office: Office, locator: Locator) { self.office = office; self.locator = locator }

    /// Calls `body`, in file order, with `transform` of every row of `file` and its triage: a
    /// located and assigned problem, why it could not be located or assigned, or `nil` when the
    /// row is not a problem (`row.reason`). `transform` runs on the worker threads.
    public func forEach<T: Sendable>(_ file: IntakeFile, transform: @escaping @Sendable (IntakeFile.Row, Result<Triaged, Error>?) -> T,
                                     _ body: (T) throws -> Void) throws {
        let responsibility = Responsibility(office: office)
        let triages = try (0..<workers).map { _ in try Triage(responsibility: responsibility, locator: locator) }
        for triage in triages { triage.reasons = reasons }
        let workers = self.workers, chunkSize = self.chunkSize
        let chunks = Handoff<[IntakeFile.Record]>()
        let stopped = DispatchSemaphore(value: 0)
        let reader = Thread {
            while !chunks.isClosed {
                let records = file.nextRecords(chunkSize)
                if records.isEmpty { break }
                chunks.put(records)
            }
            chunks.close()
            stopped.signal()
        }
        reader.stackSize = 1 << 22
        reader.start()
        // Also when `body` throws: the reader stops after the chunk it is reading.
        defer { chunks.close(); stopped.wait() }
        while let records = chunks.take() {
            let results = ResultSlots<T>(count: records.count)
            let share = (records.count + workers - 1) / workers
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for k in min(records.count, w * share)..<min(records.count, (w + 1) * share) {
                    let row = file.row(records[k])
                    results.set(k, transform(row, row.problem.map { p in Result { try triages[w].triage(p) } }))
                }
            }
            for k in records.indices {
                guard let value = results.get(k) else { continue }
                try body(value)
            }
        }
    }
}

/// One chunk at a time from a reader thread to the calling thread: `put` waits while the
/// chunk before is still untaken; `take` waits for one, and returns `nil` once closed and empty.
final class Handoff<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var item: T?
    private var closed = false

    var isClosed: Bool { condition.lock(); defer { condition.unlock() }; return closed }

    func put(_ value: T) {
        condition.lock(); defer { condition.unlock() }
        while item != nil && !closed { condition.wait() }
        if !closed { item = value }
        condition.broadcast()
    }

    func take() -> T? {
        condition.lock(); defer { condition.unlock() }
        while item == nil && !closed { condition.wait() }
        let value = item
        item = nil
        condition.broadcast()
        return value
    }

    /// No more puts (a later one is dropped); takes return what is left, then `nil`.
    func close() {
        condition.lock(); defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }
}
