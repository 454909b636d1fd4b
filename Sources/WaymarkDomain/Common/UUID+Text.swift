import Foundation

extension UUID {
    /// The 8-4-4-4-12 hexadecimal form, written without the C library: `uuidString` formats
    /// through `snprintf`, and lists and pages write an id for every row.
    public func appendText(uppercase: Bool, to bytes: inout [UInt8]) {
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        withUnsafeBytes(of: uuid) { raw in
            digits.withUTF8Buffer { hex in
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
        }
    }

    /// Lower-case text, as Waymark's URLs carry ids.
    public var lowercasedText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        appendText(uppercase: false, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UUID {
    /// Parses the 8-4-4-4-12 hexadecimal form, in either case, without the C library:
    /// `UUID(uuidString:)` goes through `sscanf`, and reading the portfolio parses tens of
    /// thousands of ids that SQLite stores as text.
    public init?(text: String) {
        var text = text
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = text.withUTF8 { utf8 in
            withUnsafeMutableBytes(of: &value) { bytes in UUID.parse(utf8, into: bytes) }
        }
        guard parsed else { return nil }
        self.init(uuid: value)
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>, into bytes: UnsafeMutableRawBufferPointer) -> Bool {
        guard utf8.count == 36 else { return false }
        var index = 0
        for byte in 0..<16 {
            if byte == 4 || byte == 6 || byte == 8 || byte == 10 {
                guard utf8[index] == UInt8(ascii: "-") else { return false }
                index += 1
            }
            guard let high = utf8[index].hexDigitValue, let low = utf8[index + 1].hexDigitValue else { return false }
            bytes[byte] = high << 4 | low
            index += 2
        }
        return true
    }
}

extension UInt8 {
    /// The value of this byte read as an ASCII hexadecimal digit, in either case; nil if it is not one.
    public var hexDigitValue: UInt8? {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): self - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): self - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): self - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
