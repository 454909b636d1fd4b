import Logging
import WaymarkDomain

/// Wraps the log handler that writes, so that no secret reaches a log at any level, `trace`
/// included: at `trace` Vapor writes every request's headers and body, and at `debug` the
/// database drivers write every statement's bound values (session and token hashes, CSRF
/// tokens, password hashes).
///
/// What it removes:
/// - metadata whose key names a secret or carries bound values (`binds`, `password`,
///   `token`, `cookie`, `authorization`, `csrf`, `secret`);
/// - in messages and in the text of all other metadata: the values of the `Cookie`,
///   `Set-Cookie`, `Authorization`, `Proxy-Authorization` and `X-CSRF-Token` headers, request
///   and response bodies as NIO prints them, and anything shaped like one of Waymark's
///   secrets (an API token, a 256-bit random value, a bcrypt or SHA-256 hash).
public struct RedactingLogHandler: LogHandler {
    private var base: any LogHandler

    public init(_ base: any LogHandler) { self.base = base }

    public var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                    file: String, function: String, line: UInt) {
        base.log(level: level, message: Logger.Message(stringLiteral: Self.redact(message.description)),
                 metadata: metadata.map(Self.redact), source: source, file: file, function: function, line: line)
    }

    static let redacted = "[redacted]"

    static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.reduce(into: [:]) { result, pair in
            result[pair.key] = isSecretKey(pair.key) ? .string(redacted) : redact(pair.value)
        }
    }

    static func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(redact(text))
        case .stringConvertible(let convertible): .string(redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let dictionary): .dictionary(redact(dictionary))
        }
    }

    static func isSecretKey(_ key: String) -> Bool {
        let key = key.lowercased()
        return ["bind", "password", "token", "cookie", "authorization", "csrf", "secret"].contains { key.contains($0) }
    }

    /// Headers whose values are secrets, as NIO prints a header pair: `("Cookie", "...")`.
    private static let secretHeaders = ["cookie", "set-cookie", "authorization", "proxy-authorization", "x-csrf-token"]

    static func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        if text.contains("\", \"") { changed = redactHeaderValues(&bytes) || changed }
        if text.contains("readable bytes") { changed = redactBufferBytes(&bytes) || changed }
        if bytes.count >= 24 { changed = redactSecretShapes(&bytes) || changed }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// `("Cookie", "value")` becomes `("Cookie", "[redacted]")` for each secret header.
    private static func redactHeaderValues(_ bytes: inout [UInt8]) -> Bool {
        replaceSpans(&bytes) { bytes, index in
            guard bytes[index] == UInt8(ascii: "("), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\""),
                  let nameEnd = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "\"")),
                  secretHeaders.contains(String(decoding: bytes[(index + 2)..<nameEnd], as: UTF8.self).lowercased()),
                  bytes[nameEnd...].starts(with: Array(#"", ""#.utf8)) else { return nil }
            // Skip the value, honouring backslash escapes, up to its closing quote.
            var end = nameEnd + 4
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
            return (min(end, bytes.count), Array(bytes[index..<(nameEnd + 4)]) + Array(redacted.utf8))
        }
    }

    /// A ByteBuffer's description ends with its readable bytes (a request or response body):
    /// `readable bytes (max 1k): [ 5f 63 ... ]`.
    private static func redactBufferBytes(_ bytes: inout [UInt8]) -> Bool {
        let marker = Array("readable bytes".utf8)
        return replaceSpans(&bytes) { bytes, index in
            guard bytes[index...].starts(with: marker), let open = bytes[index...].firstIndex(of: UInt8(ascii: "[")),
                  let close = bytes[open...].firstIndex(of: UInt8(ascii: "]")) else { return nil }
            return (close + 1, marker + Array(": \(redacted)".utf8))
        }
    }

    /// Waymark's secrets by shape, each a whole word of `[A-Za-z0-9_-]`: an API token (`wmk_`
    /// and 20 or more characters); 64 hex digits (a SHA-256); 43 base64url characters (256
    /// random bits: a session id or CSRF token); and a bcrypt hash (`$2b$12$` and 53 more).
    private static func redactSecretShapes(_ bytes: inout [UInt8]) -> Bool {
        func isWord(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte == 0x2D
        }
        func isBcrypt(_ byte: UInt8) -> Bool { isWord(byte) && byte != 0x5F && byte != 0x2D || byte == 0x2E || byte == 0x2F }
        return replaceSpans(&bytes) { bytes, index in
            // $2a$ / $2b$ / $2y$, two digits, $, then 53 characters of bcrypt's alphabet.
            if bytes[index] == UInt8(ascii: "$"), index + 60 <= bytes.count, bytes[index + 1] == UInt8(ascii: "2"),
               let costStart = bytes[(index + 2)...].prefix(2).firstIndex(of: UInt8(ascii: "$")),
               costStart + 4 + 53 <= bytes.count, bytes[costStart + 3] == UInt8(ascii: "$"),
               bytes[(costStart + 4)..<(costStart + 4 + 53)].allSatisfy(isBcrypt) {
                return (costStart + 4 + 53, Array(redacted.utf8))
            }
            // Only at the start of a word, and the whole word.
            guard isWord(bytes[index]), index == 0 || !isWord(bytes[index - 1]) else { return nil }
            var end = index
            while end < bytes.count, isWord(bytes[end]) { end += 1 }
            let word = bytes[index..<end]
            let isHexHash = word.count == 64 && word.allSatisfy { $0.hexDigitValue != nil }
            let isSecret = word.count == 43 || isHexHash || (word.count >= 24 && word.starts(with: Array("wmk_".utf8)))
            return (end, isSecret ? Array(redacted.utf8) : Array(word))
        }
    }

    /// Copies `bytes`, replacing every span that `match` finds at an index (it gives the span's
    /// end and what stands for it); true when anything changed.
    private static func replaceSpans(_ bytes: inout [UInt8],
                                     _ match: (_ bytes: [UInt8], _ index: Int) -> (end: Int, replacement: [UInt8])?) -> Bool {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var changed = false
        while index < bytes.count {
            if let (end, replacement) = match(bytes, index), end > index {
                changed = changed || !bytes[index..<end].elementsEqual(replacement)
                output += replacement
                index = end
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        if changed { bytes = output }
        return changed
    }
}
