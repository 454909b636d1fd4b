import Foundation
import WaymarkDomain

/// A parsed `application/x-www-form-urlencoded` body or query string. Keeps repeated keys
/// (checkbox groups) and never fails: anything malformed is simply absent, and validation names it.
public struct FormData: Sendable, Equatable {
    public private(set) var pairs: [(String, String)]

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs
    }

    public init(encoded text: String) {
        pairs = text.utf8.split(separator: UInt8(ascii: "&")).map { pair in
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else { return (Self.decode(pair), "") }
            return (Self.decode(pair[..<equals]), Self.decode(pair[pair.index(after: equals)...]))
        }
    }

    /// A key or value as a form or query string carries it: `+` is a space and `%XX` the byte XX.
    /// It is "" when a `%` is not followed by two hexadecimal digits or the bytes are not UTF-8,
    /// as Foundation's `removingPercentEncoding` (nil) made it. Written by hand because every
    /// request with a query string decodes it, and Foundation's `replacingOccurrences` and
    /// `removingPercentEncoding` (through `NSString`) took a tenth of a project list's time.
    static func decode(_ encoded: Substring.UTF8View) -> String {
        guard encoded.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else {
            return String(Substring(encoded))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            encoded.formIndex(after: &index)
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard index < encoded.endIndex, let high = encoded[index].hexDigitValue else { return "" }
                encoded.formIndex(after: &index)
                guard index < encoded.endIndex, let low = encoded[index].hexDigitValue else { return "" }
                encoded.formIndex(after: &index)
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? ""
    }

    /// The first value for `key`.
    public subscript(key: String) -> String? {
        pairs.first { $0.0 == key }?.1
    }

    /// Every value for `key`, in order.
    public func all(_ key: String) -> [String] {
        pairs.filter { $0.0 == key }.map(\.1)
    }

    public static func == (lhs: FormData, rhs: FormData) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
    }
}
