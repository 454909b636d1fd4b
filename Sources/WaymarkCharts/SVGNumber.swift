/// A coordinate as the charts write it: one decimal place, without `String(format:)` (which goes
/// through Foundation's formatter and the C library on every call, and was a tenth of a plan
/// page's time). Halves round away from zero.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let magnitude = tenths.magnitude
        return (tenths < 0 ? "-" : "") + String(magnitude / 10) + "." + String(magnitude % 10)
    }
}
