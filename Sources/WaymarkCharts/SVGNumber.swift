/// A coordinate as the charts write it: one decimal place, without `String(format:)` (which goes
/// through Foundation's formatter and the C library on every call, and was a tenth of a plan
/// page's time). Halves round away from zero.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        var magnitude = tenths.magnitude
        // Digits written from the right into a buffer on the stack, made into one (small) string:
        // joining four strings for each of a chart's coordinates was a twentieth of a page.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            put(UInt8(ascii: "0") + UInt8(magnitude % 10))
            put(UInt8(ascii: "."))
            repeat {
                magnitude /= 10
                put(UInt8(ascii: "0") + UInt8(magnitude % 10))
            } while magnitude >= 10
            if tenths < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeMutableBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
    }
}
