import Foundation

/// Chromium run headless on a local page: a screenshot (`--screenshot`) or the page as it stands
/// after loading (`--dump-dom`), with the browser's log (console messages included).
///
/// Found as `GRIDPIN_CHROMIUM` (when it is an executable), else the first of `chromium`, `chromium-browser`, `google-chrome`,
/// `google-chrome-stable` on `PATH`. Each run has a fresh profile folder, removed afterwards.
public struct HeadlessChromium: Sendable {
    public let executable: String
    /// How long a run may take before it is stopped, in seconds.
    public var timeout: Double = 120

    public static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    public init(executable: String) { self.executable = executable }

    /// The browser to use, or `nil` when none is installed.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> HeadlessChromium? {
        if let given = environment["GRIDPIN_CHROMIUM"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? HeadlessChromium(executable: given) : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return HeadlessChromium(executable: folder + "/" + name)
            }
        }
        return nil
    }

    /// What a run left: the page's DOM (for `dumpDOM`) and the browser's log lines.
    public struct Run: Sendable {
        public let output: String
        public let log: String
        /// Wall time of the whole browser process, in seconds.
        public let seconds: Double

        /// The log lines of the page's console: messages and uncaught exceptions alike (Chromium logs
        /// every level as `INFO:CONSOLE`). The map page writes nothing there, so any line is a fault.
        public var consoleMessages: [String] {
            log.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") }
        }
    }

    /// Writes a PNG of the page as a `width` × `height` window shows it.
    @discardableResult
    public func screenshot(_ page: URL, to png: URL, width: Int, height: Int) throws -> Run {
        if FileManager.default.fileExists(atPath: png.path) { try FileManager.default.removeItem(at: png) }
        let run = try self.run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", page.absoluteString])
        guard FileManager.default.fileExists(atPath: png.path) else {
            throw ChromiumError(message: "Chromium wrote no screenshot 未生成截图 (\(png.path))", log: run.log)
        }
        return run
    }

    /// The page's DOM after it has loaded (and its scripts have run).
    public func dumpDOM(_ page: URL, width: Int, height: Int) throws -> Run {
        try run(["--dump-dom", "--window-size=\(width),\(height)", page.absoluteString])
    }

    func run(_ arguments: [String]) throws -> Run {
        let files = FileManager.default
        let scratch = files.temporaryDirectory.appendingPathComponent("gridpin-chromium-\(UUID().uuidString)")
        try files.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), logURL = scratch.appendingPathComponent("stderr")
        guard files.createFile(atPath: outURL.path, contents: nil), files.createFile(atPath: logURL.path, contents: nil) else {
            throw ChromiumError(message: "cannot write in \(scratch.path) 无法写入临时文件夹", log: "")
        }
        let out = try FileHandle(forWritingTo: outURL), log = try FileHandle(forWritingTo: logURL)
        defer { try? out.close(); try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // As root, Chromium refuses to start with its sandbox on.
        let sandbox = geteuid() == 0 ? ["--no-sandbox"] : []
        process.arguments = ["--headless", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--no-default-browser-check",
                             "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=\(scratch.appendingPathComponent("profile").path)"] + sandbox + arguments
        process.standardOutput = out
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let start = Date()
        do { try process.run() } catch {
            throw ChromiumError(message: "cannot start \(executable) 无法启动浏览器: \(error.localizedDescription)", log: "")
        }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            process.waitUntilExit()
            throw ChromiumError(message: "Chromium did not finish within \(Int(timeout)) s 浏览器超时",
                                log: String(decoding: try Data(contentsOf: logURL), as: UTF8.self))
        }
        let seconds = Date().timeIntervalSince(start)
        let output = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let logText = String(decoding: try Data(contentsOf: logURL), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw ChromiumError(message: "Chromium exited with status \(process.terminationStatus) 浏览器异常退出", log: logText)
        }
        return Run(output: output, log: logText, seconds: seconds)
    }
}

/// Chromium is not installed: what to do about it, in Chinese and English.
public struct ChromiumNotFound: Error, CustomStringConvertible, Sendable {
    public init() {}
    public var description: String {
        "未找到 Chromium，无法生成图片：请安装（apt-get install chromium），或把浏览器路径写入环境变量 GRIDPIN_CHROMIUM。\n"
            + "Chromium was not found, so no image was made: install it (apt-get install chromium) or set GRIDPIN_CHROMIUM to the browser's path."
    }
}

/// A Chromium run that failed, with the end of its log.
public struct ChromiumError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let log: String
    public var description: String {
        let tail = log.split(separator: "\n").suffix(8).joined(separator: "\n")
        return tail.isEmpty ? message : "\(message)\n\(tail)"
    }
}
