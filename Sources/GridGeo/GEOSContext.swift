import CGEOS

/// A failure reported by GEOS, carrying GEOS's own message.
public struct GEOSError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let message: String
    public var description: String { "GEOS \(operation) failed: \(message)" }
}

/// Collects the messages GEOS sends to the error handler of one context.
private final class MessageBox {
    var last = ""
}

/// One GEOS context (`GEOS_init_r`), finished in `deinit`; never shared between threads.
///
/// Its error handler keeps GEOS's last message, so that a failed call becomes a Swift `throw`
/// that carries it.
final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let box = MessageBox()

    init() {
        // GEOS_init_r returns NULL only when memory is exhausted.
        guard let h = GEOS_init_r() else { preconditionFailure("GEOS_init_r: out of memory") }
        handle = h
        GEOSContext_setErrorMessageHandler_r(h, { message, userData in
            guard let message, let userData else { return }
            Unmanaged<MessageBox>.fromOpaque(userData).takeUnretainedValue().last = String(cString: message)
        }, Unmanaged.passUnretained(box).toOpaque())
    }

    deinit { GEOS_finish_r(handle) }

    /// The error for a failed call, with GEOS's last message.
    func error(_ operation: String) -> GEOSError {
        defer { box.last = "" }
        return GEOSError(operation: operation, message: box.last.isEmpty ? "no message from GEOS" : box.last)
    }
}
