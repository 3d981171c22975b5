import Foundation

/// A value made on another thread, waited for where it is needed.
final class Pending<T>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let ready = DispatchSemaphore(value: 0)

    init(_ make: @escaping @Sendable () throws -> T) {
        let thread = Thread {
            self.result = Result(catching: make)
            self.ready.signal()
        }
        thread.stackSize = 1 << 23  // as the main thread's
        thread.start()
    }

    /// The value, once made; its error when making it failed.
    func value() throws -> T {
        ready.wait()
        ready.signal()
        return try result!.get()
    }
}
