import Foundation
import WaymarkDomain

/// A value that writes its own JSON. The long lists the API serves (a hundred projects a page)
/// write themselves straight into bytes: Foundation's `JSONEncoder` builds a tree of boxed values
/// first and took a third of a list request's time. A test checks each writer says exactly what
/// the value's `Encodable` conformance says, so the OpenAPI document describes both.
protocol JSONWritable {
    func write(to json: inout JSONText)
}

/// JSON written member by member into UTF-8 bytes (RFC 8259), in the order it is given.
struct JSONText {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    /// `capacity`: what the answer is expected to take, so that its bytes are not copied as they grow.
    static func encode(_ value: some JSONWritable, capacity: Int = 16_384) -> [UInt8] {
        var json = JSONText(capacity: capacity)
        value.write(to: &json)
        return json.bytes
    }

    // MARK: Containers

    mutating func object(_ body: (inout JSONText) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func array<Items: Sequence>(_ items: Items, _ write: (inout JSONText, Items.Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        needsComma = false
        for item in items {
            if needsComma { bytes.append(UInt8(ascii: ",")) }
            write(&self, item)
            needsComma = true
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A value already written as JSON (by `encode`), as the next element of an array.
    mutating func raw(_ json: [UInt8]) {
        bytes.append(contentsOf: json)
        needsComma = true
    }

    /// Members written once (by `fragment`) to be repeated in many objects, as the next members
    /// of the object being written.
    mutating func members(_ written: [UInt8]) {
        guard !written.isEmpty else { return }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: written)
        needsComma = true
    }

    /// The members `body` writes, as bytes for `members(_:)`.
    static func fragment(_ body: (inout JSONText) -> Void) -> [UInt8] {
        var json = JSONText(capacity: 256)
        body(&json)
        return json.bytes
    }

    // MARK: Members of an object (a nil value leaves the member out, as synthesized `Encodable` does)

    mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        start(key)
        string(value)
    }

    mutating func member(_ key: String, _ value: Int) {
        start(key)
        integer(Int64(value))
    }

    mutating func member(_ key: String, _ value: Int64) {
        start(key)
        integer(value)
    }

    mutating func member(_ key: String, _ value: Bool) {
        start(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// A number, or null when there is none (or it is not finite: JSON has no infinity).
    mutating func member(_ key: String, number value: Double?) {
        start(key)
        if let value, value.isFinite {
            number(value)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    /// A whole number, or null when there is none.
    mutating func member(_ key: String, integer value: Int?) {
        start(key)
        if let value { integer(Int64(value)) } else { bytes.append(contentsOf: "null".utf8) }
    }

    /// Text, or null when there is none (unlike `member(_:_:)`, which leaves the member out).
    mutating func member(_ key: String, nullable value: String?) {
        start(key)
        if let value { string(value) } else { bytes.append(contentsOf: "null".utf8) }
    }

    mutating func member<Items: Sequence>(_ key: String, array items: Items, _ write: (inout JSONText, Items.Element) -> Void) {
        start(key)
        array(items, write)
    }

    /// An array of objects, `write` writing each element's members (the braces are written here).
    /// Each element is still copied as it is handed to `write` (perf shows it for the registers'
    /// records): `write` takes the text `inout`, so the element cannot be lent from memory it
    /// might, for all the compiler knows, change.
    mutating func member<Element>(_ key: String, objects items: [Element], _ write: (inout JSONText, Element) -> Void) {
        start(key)
        bytes.append(UInt8(ascii: "["))
        for position in items.indices {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "{"))
            needsComma = false
            write(&self, items[position])
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A value already written as JSON (kept from an earlier answer), as a member.
    mutating func member(_ key: String, raw value: [UInt8]) {
        start(key)
        bytes.append(contentsOf: value)
    }

    mutating func member(_ key: String, object body: (inout JSONText) -> Void) {
        start(key)
        object(body)
    }

    /// A member's name and colon, after a comma if one is due. A name is the code's own (such as
    /// "upperProcessLimit") and needs no escape, so it is usually written whole in one copy: an
    /// answer of a hundred points has a thousand names, and writing each piece apart was a
    /// twentieth of answering an SPC analysis.
    private mutating func start(_ key: String) {
        let comma = needsComma
        needsComma = true
        var key = key
        let written = key.withUTF8 { name -> Bool in
            guard name.count <= 64, !name.contains(where: Self.needsEscape) else { return false }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 68) { buffer -> Bool in
                var end = 0
                if comma { buffer[end] = UInt8(ascii: ","); end += 1 }
                buffer[end] = UInt8(ascii: "\""); end += 1
                for byte in name { buffer[end] = byte; end += 1 }
                buffer[end] = UInt8(ascii: "\""); buffer[end + 1] = UInt8(ascii: ":"); end += 2
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<end]))
                return true
            }
        }
        guard !written else { return }
        if comma { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    // MARK: Values

    /// A finite number as Swift writes it (`String(value)`: the shortest text that reads back
    /// as the same Double). A whole number below 2^53, which Swift writes as its digits and
    /// ".0", is written here digit by digit: most values a measure records are whole, and this
    /// is a fifth of the time of the general path.
    mutating func number(_ value: Double) {
        if value == value.rounded(.towardZero) && value.magnitude < 9_007_199_254_740_992 && !(value == 0 && value.sign == .minus) {
            integer(Int64(value))
            bytes.append(contentsOf: ".0".utf8)
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// A whole number's decimal digits, as `String(value)` writes them.
    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var first = digits.count
            repeat {
                first -= 1
                digits[first] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[first...]))
        }
    }

    /// A string as an element of an array.
    mutating func value(_ text: String) {
        string(text)
    }

    /// A string with `"`, `\` and control characters escaped; everything else as UTF-8.
    private mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escape: copy it whole.
        let copied = value.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: Self.needsEscape) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if copied == true {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
