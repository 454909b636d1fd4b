import Foundation
import Vapor

/// A form sent as multipart/form-data (one with a file): its text fields, as `FormData` holds
/// them, and its files by field name. Read whole, up to a limit, and checked for the session's
/// CSRF token like every other form.
struct MultipartForm {
    var fields: FormData
    var files: [String: (filename: String, content: Data)]

    /// The form of a request, at most `limit` bytes (413 beyond it); a form sent URL-encoded is
    /// read as one without files.
    static func verified(_ request: Request, limit: Int) async throws -> MultipartForm {
        guard let type = request.headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"] else {
            return MultipartForm(fields: try await request.verifiedForm(), files: [:])
        }
        let collected = try await request.body.collect(max: limit).get()
        guard var buffer = collected else { throw Abort(.badRequest, reason: "The form was empty") }
        let parser = MultipartParser(boundary: boundary)
        var parts: [(headers: HTTPHeaders, body: ByteBuffer)] = []
        var headers = HTTPHeaders(), body = ByteBufferAllocator().buffer(capacity: 0)
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((headers, body))
            headers = HTTPHeaders()
            body = ByteBufferAllocator().buffer(capacity: 0)
        }
        do {
            try parser.execute(buffer.readSlice(length: buffer.readableBytes)!)
        } catch {
            throw Abort(.badRequest, reason: "The form could not be read")
        }
        var pairs: [(String, String)] = [], files: [String: (String, Data)] = [:]
        for part in parts {
            guard let disposition = part.headers.first(name: "Content-Disposition"), let name = Self.parameter("name", in: disposition) else { continue }
            let content = Data(part.body.readableBytesView)
            if let filename = Self.parameter("filename", in: disposition) {
                // A file field left empty sends a part with no name and no content.
                if !filename.isEmpty || !content.isEmpty { files[name] = (filename, content) }
            } else {
                pairs.append((name, String(decoding: content, as: UTF8.self)))
            }
        }
        let fields = FormData(pairs)
        try request.verifyCSRF(fields[CSRF.fieldName])
        return MultipartForm(fields: fields, files: files)
    }

    /// A parameter of a Content-Disposition header (`name="title"`).
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(key + "=") else { continue }
            var value = trimmed.dropFirst(key.count + 1)
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }
}
