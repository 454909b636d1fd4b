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

    /// The form with each NHS date input (`name-day`, `name-month`, `name-year`, as `DateInput`
    /// writes them) as one value `name`: `YYYY-MM-DD` when the three make a real date, "" when all
    /// three are empty, and otherwise the three as typed, `day/month/year`, which no date is read
    /// from (`FieldErrors.date` says what is missing) and which `DateInput` shows again as typed.
    public func foldingDates() -> FormData {
        let keys = Set(pairs.map(\.0))
        let bases = Set(keys.compactMap { key -> String? in
            guard key.hasSuffix("-day") else { return nil }
            let base = String(key.dropLast(4))
            return keys.contains(base + "-month") && keys.contains(base + "-year") ? base : nil
        })
        guard !bases.isEmpty else { return self }
        var folded: [(String, String)] = []
        for (key, value) in pairs {
            if key.hasSuffix("-day"), bases.contains(String(key.dropLast(4))) {
                let base = String(key.dropLast(4))
                folded.append((base, Self.date(day: value, month: self[base + "-month"] ?? "", year: self[base + "-year"] ?? "")))
            } else if !bases.contains(where: { key == $0 + "-month" || key == $0 + "-year" }) {
                folded.append((key, value))
            }
        }
        return FormData(folded)
    }

    static func date(day: String, month: String, year: String) -> String {
        let parts = [day, month, year].map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "/", with: "") }
        if parts.allSatisfy(\.isEmpty) { return "" }
        if parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }), parts[2].count == 4,
           let date = CalendarDate(year: Int(parts[2])!, month: Int(parts[1])!, day: Int(parts[0])!) {
            return date.description
        }
        return parts.joined(separator: "/")
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
