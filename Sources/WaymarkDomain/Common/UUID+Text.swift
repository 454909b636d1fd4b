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
