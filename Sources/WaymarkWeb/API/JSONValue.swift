import WaymarkDomain

/// Any JSON value. Bodies are read as this first, so every field can be checked with a message
/// that names it, and a whole number sent as 236349.0 is still a whole number.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// How deep arrays and objects may nest in a body. Waymark's deepest body is an object
    /// holding a list of text values (depth 2); the margin is for clients that wrap more.
    static let depthLimit = 8

    /// Parses a whole body as strict RFC 8259 JSON, in one pass whose work is proportional to
    /// the body's length. Nesting deeper than `depthLimit` is refused at the first bracket too
    /// many, so a body of a million brackets costs no more than reading it.
    static func parse(_ bytes: [UInt8], depthLimit: Int = JSONValue.depthLimit) throws(JSONSyntaxError) -> JSONValue {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw JSONSyntaxError(.notUTF8, at: 0) }
        var parser = JSONParser(bytes: bytes, depthLimit: depthLimit)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw JSONSyntaxError(.unexpected, at: parser.index) }
        return value
    }
}

/// A JSON object's members, in the order they were sent, each name once. A body's objects are
/// small (an SPC series is a hundred objects of three members), so a member is found by walking
/// them: hashing each name into a dictionary was a tenth of reading such a series.
struct JSONObject: Equatable, Sendable {
    private(set) var members: [(name: String, value: JSONValue)]

    init() {
        members = []
    }

    init(_ dictionary: [String: JSONValue]) {
        members = dictionary.map { (name: $0.key, value: $0.value) }
    }

    fileprivate mutating func reserve(_ count: Int) {
        members.reserveCapacity(count)
    }

    subscript(name: String) -> JSONValue? {
        for member in members where member.name == name { return member.value }
        return nil
    }

    var count: Int { members.count }

    /// Adds a member; false (and nothing added) when the object already has one of that name.
    /// Past a few members the names are kept in a set, so a body of many costs no more than
    /// reading it.
    fileprivate mutating func add(_ name: String, _ value: JSONValue, seen: inout Set<String>?) -> Bool {
        if members.count < 16 {
            if members.contains(where: { $0.name == name }) { return false }
        } else {
            if seen == nil { seen = Set(members.map(\.name)) }
            if seen?.insert(name).inserted != true { return false }
        }
        members.append((name: name, value: value))
        return true
    }

    /// The same members, whatever their order (as RFC 8259 has it: an object is unordered).
    static func == (left: JSONObject, right: JSONObject) -> Bool {
        left.count == right.count && left.members.allSatisfy { right[$0.name] == $0.value }
    }
}

/// Why a body is not JSON Waymark reads, and the byte offset where that was found.
struct JSONSyntaxError: Error, Equatable {
    enum Reason: Equatable {
        case notUTF8, unexpected, tooDeep, duplicateKey(String), numberOutOfRange, badEscape, controlInString
    }
    var reason: Reason
    var offset: Int

    init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// In words a client's developer can act on.
    var message: String {
        switch reason {
        case .tooDeep: "The body nests arrays or objects more than \(JSONValue.depthLimit) deep"
        case .duplicateKey(let key): "The body names \"\(key)\" more than once"
        case .numberOutOfRange: "The body holds a number too large to read (at byte \(offset))"
        case .notUTF8: "The body is not valid UTF-8 text"
        case .badEscape, .controlInString, .unexpected: "The body is not valid JSON (at byte \(offset))"
        }
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    let depthLimit: Int
    var index = 0

    init(bytes: [UInt8], depthLimit: Int) {
        self.bytes = bytes
        self.depthLimit = depthLimit
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONSyntaxError) {
        guard current == byte else { throw JSONSyntaxError(.unexpected, at: index) }
        index += 1
    }

    private mutating func literal(_ text: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let expected = UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw JSONSyntaxError(.unexpected, at: index)
        }
        index += expected.count
        return value
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard let byte = current else { throw JSONSyntaxError(.unexpected, at: index) }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw JSONSyntaxError(.unexpected, at: index)
        }
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= depthLimit else { throw JSONSyntaxError(.tooDeep, at: index) }
        index += 1
        var values: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { index += 1; return .array(values) }
        while true {
            skipWhitespace()
            values.append(try value(depth: depth))
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"))
            return .array(values)
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= depthLimit else { throw JSONSyntaxError(.tooDeep, at: index) }
        index += 1
        var members = JSONObject()
        members.reserve(4)
        var seen: Set<String>?
        skipWhitespace()
        if current == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            let keyOffset = index
            guard current == UInt8(ascii: "\"") else { throw JSONSyntaxError(.unexpected, at: index) }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            // RFC 8259 leaves a repeated name's meaning open; a body that repeats one is refused
            // rather than read one way here and another way by a proxy or a log.
            guard members.add(key, try value(depth: depth), seen: &seen) else {
                throw JSONSyntaxError(.duplicateKey(key), at: keyOffset)
            }
            skipWhitespace()
            if current == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return .object(members)
        }
    }

    /// A string from its opening quote; the bytes are already known to be valid UTF-8.
    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        var start = index
        var text: String?
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                let last = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                // Most strings have no escape: the run since the quote is the whole string.
                guard var text else { return last }
                text += last
                return text
            case UInt8(ascii: "\\"):
                var escaped = text.take() ?? ""
                escaped += String(decoding: bytes[start..<index], as: UTF8.self)
                escaped.unicodeScalars.append(try escape())
                text = escaped
                start = index
            case 0..<0x20:
                throw JSONSyntaxError(.controlInString, at: index)
            default:
                index += 1
            }
        }
        throw JSONSyntaxError(.unexpected, at: index)
    }

    /// One escape from its backslash: `\n`, `\u00e9`, or a surrogate pair `\ud83d\ude00`.
    private mutating func escape() throws(JSONSyntaxError) -> Unicode.Scalar {
        let at = index
        index += 1
        guard let byte = current else { throw JSONSyntaxError(.badEscape, at: at) }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hex4(at: at)
            switch unit {
            case 0xD800..<0xDC00:
                guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw JSONSyntaxError(.badEscape, at: at)
                }
                index += 2
                let low = try hex4(at: at)
                guard (0xDC00..<0xE000).contains(low),
                      let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) else {
                    throw JSONSyntaxError(.badEscape, at: at)
                }
                return scalar
            case 0xDC00..<0xE000:
                throw JSONSyntaxError(.badEscape, at: at)
            default:
                guard let scalar = Unicode.Scalar(unit) else { throw JSONSyntaxError(.badEscape, at: at) }
                return scalar
            }
        default:
            throw JSONSyntaxError(.badEscape, at: at)
        }
    }

    private mutating func hex4(at escapeOffset: Int) throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONSyntaxError(.badEscape, at: escapeOffset) }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = byte.hexDigitValue else { throw JSONSyntaxError(.badEscape, at: escapeOffset) }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, read as a finite Double.
    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = index
        // The digits as a whole number, while they fit exactly in a Double's 53 bits.
        var significand: UInt64 = 0
        var significantDigits = 0
        func digits() -> Int {
            let from = index
            while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                significand = significand &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                if significand > 0 { significantDigits += 1 }
                index += 1
            }
            return index - from
        }
        let negative = current == UInt8(ascii: "-")
        if negative { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw JSONSyntaxError(.unexpected, at: index)
        }
        var decimals = 0
        if current == UInt8(ascii: ".") {
            index += 1
            decimals = digits()
            guard decimals > 0 else { throw JSONSyntaxError(.unexpected, at: index) }
        }
        var exponent = false
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            exponent = true
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw JSONSyntaxError(.unexpected, at: index) }
        }
        // Most numbers sent are short decimals such as 52.5: a whole number below 2^53 divided by
        // a power of ten up to 10^22 is exact in both parts, so one division rounds it correctly
        // (Clinger's fast path), without making text for the C library to read again.
        if !exponent && significantDigits <= 15 && decimals < Self.powersOfTen.count {
            let magnitude = Double(significand) / Self.powersOfTen[decimals]
            return negative ? -magnitude : magnitude
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else {
            throw JSONSyntaxError(.numberOutOfRange, at: start)
        }
        return value
    }

    /// 10^0 to 10^22, every one exact as a Double.
    private static let powersOfTen: [Double] = (0...22).map { power in (0..<power).reduce(1.0) { product, _ in product * 10 } }
}
