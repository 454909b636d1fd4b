import Foundation
import Vapor

/// A temporary file written once and read back once, then removed: what is too large to hold
/// while it is made (a workbook's sheet, a download of a region's logs). Only this process knows
/// its name, and only its owner may read it. It goes when it is removed or let go; a download
/// sent from it (`response`) keeps it until the download has been sent.
///
/// Unchecked `Sendable`: it is written by the one task that makes it, and once handed to a
/// response only removed, which may happen twice.
final class SpooledFile: @unchecked Sendable {
    let url: URL
    private var handle: FileHandle?
    private(set) var size: Int64 = 0

    /// An empty file, open for writing.
    init() throws {
        url = Self.newURL()
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "A temporary file could not be made for the download")
        }
        handle = try FileHandle(forWritingTo: url)
    }

    /// The file `make` writes at the address it is given (it makes the file; a zip archive).
    init(_ make: (URL) throws -> Void) throws {
        url = Self.newURL()
        do {
            try make(url)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
            size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private static func newURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("waymark-\(UUID().uuidString).part")
    }

    func write(_ bytes: [UInt8]) throws {
        guard let handle else { preconditionFailure("a spooled file is written before it is read") }
        try handle.write(contentsOf: bytes)
        size += Int64(bytes.count)
    }

    /// The file from its start, for reading; writing is over.
    func reader() throws -> FileHandle {
        try closeWriting()
        return try FileHandle(forReadingFrom: url)
    }

    /// The file as a download named `filename`, read from disk a chunk at a time as it is sent
    /// (`FileIO.asyncStreamFile`); the file is removed once sent, or once the response is let go
    /// unsent. Never kept by a cache: it is made for this request.
    func response(_ request: Request, type: HTTPMediaType, filename: String) async throws -> Response {
        try closeWriting()
        let response = try await request.fileio.asyncStreamFile(at: url.path, mediaType: type) { _ in self.remove() }
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func closeWriting() throws {
        try handle?.close()
        handle = nil
    }

    func remove() {
        try? closeWriting()
        try? FileManager.default.removeItem(at: url)
    }

    deinit { remove() }
}
