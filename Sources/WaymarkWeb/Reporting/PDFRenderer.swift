import Foundation

/// Makes PDFs from Waymark's own HTML with WeasyPrint (Debian's `weasyprint`), in a process of its
/// own: a request waiting for one holds no thread, and at most `concurrent` run at once so that
/// rendering never starves the pages. WeasyPrint is chosen because it implements paged media as
/// print CSS states it: page margin boxes for running headers and "Page 3 of 12", named strings,
/// and `target-counter()`, which puts each section's page number in a contents page.
struct PDFRenderer: Sendable {
    var path: String?
    let turns: Turns

    static let concurrent = 1
    /// Below the server's idle timeout (60 s by default), so that the reader is told, not cut off.
    static let timeout: TimeInterval = 50

    init(path: String?) {
        self.path = path
        turns = Turns(limit: Self.concurrent)
    }

    /// WeasyPrint on the PATH (or where Debian puts it), if it is installed.
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        return folders.map { $0 + "/weasyprint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Why a PDF cannot be made here, in words for the page that offers one.
    static let missing = "PDF is not available here: WeasyPrint (the Debian package weasyprint) is not installed on this server. Print this page instead: it is laid out for A4."

    struct Unavailable: Error {}

    /// It took longer than `timeout` and was stopped.
    struct TooLong: Error {}

    struct Failed: Error, CustomStringConvertible {
        var description: String
    }

    /// The PDF of `html`, whose stylesheet link is `waymark.css` (written beside it from `stylesheet`).
    func render(_ html: String, stylesheet: [UInt8]) async throws -> Data {
        guard let path else { throw Unavailable() }
        try await turns.take()
        do {
            let data = try await Self.run(path, html, stylesheet)
            await turns.give()
            return data
        } catch {
            await turns.give()
            throw error
        }
    }

    private static func run(_ path: String, _ html: String, _ stylesheet: [UInt8]) async throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("waymark-pdf-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("pack.html"), output = folder.appendingPathComponent("pack.pdf")
        try Data(html.utf8).write(to: input)
        try Data(stylesheet).write(to: folder.appendingPathComponent("waymark.css"))
        let log = folder.appendingPathComponent("errors.txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let job = try Job(path: path, arguments: ["--quiet", input.path, output.path], errors: log)
        let status = try await job.run(timeout: timeout)
        if job.stopped { throw TooLong() }
        guard status == 0 else { throw Failed(description: "WeasyPrint ended with status \(status): \(job.errors)") }
        return try Data(contentsOf: output)
    }

    /// One run of the renderer, waited for without holding a thread.
    private final class Job: @unchecked Sendable {
        let process = Process()
        let log: URL
        private(set) var errors = ""
        /// Whether the watchdog stopped it.
        var stopped: Bool { lock.withLock { wasStopped } }
        private let lock = NSLock()
        private var wasStopped = false

        /// What it writes to standard error goes to a file (a pipe left unread could fill and stall it).
        init(path: String, arguments: [String], errors log: URL) throws {
            self.log = log
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
        }

        func run(timeout: TimeInterval) async throws -> Int32 {
            let watchdog = Task { [self] in
                try await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
                if process.isRunning {
                    lock.withLock { wasStopped = true }
                    process.terminate()
                }
            }
            defer { watchdog.cancel() }
            let status: Int32 = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
            errors = String(decoding: ((try? Data(contentsOf: log)) ?? Data()).suffix(2_000), as: UTF8.self)
            return status
        }
    }

    /// At most `limit` renders at once; the rest wait their turn.
    actor Turns {
        let limit: Int
        private var running = 0
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(limit: Int) { self.limit = limit }

        func take() async throws {
            if running < limit {
                running += 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func give() {
            if waiting.isEmpty { running -= 1 } else { waiting.removeFirst().resume() }
        }
    }
}
