import Foundation

extension String {
    /// Without surrounding blanks (`BlankText`); nil when nothing else is left.
    public var trimmedOrNil: String? {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !BlankText.contains($0) }),
              let last = scalars.lastIndex(where: { !BlankText.contains($0) }) else { return nil }
        return String(scalars[first...last])
    }

    var trimmed: String { trimmedOrNil ?? "" }

    /// Length as JSON Schema's minLength and maxLength count it (Unicode code points), so the
    /// API's document and its validation agree on every string.
    public var length: Int { unicodeScalars.count }
}

/// The characters that count as nothing in text: what is trimmed from the ends of what people
/// type, and what a required text must hold something besides. Written out as code points
/// (Unicode 14), not taken from a library's character set, so that validation and the API's
/// document, which builds its patterns from `ranges`, say exactly the same thing.
public enum BlankText {
    public static let ranges: [ClosedRange<UInt32>] = [
        // Control characters (Cc), tab, line feed and carriage return among them.
        0x0000...0x001F, 0x007F...0x009F,
        // White space and line terminators as ECMAScript's \s has them.
        0x0020...0x0020, 0x00A0...0x00A0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
        // Format characters (Cf) of the Basic Multilingual Plane: zero-width spaces and joiners,
        // direction marks, the soft hyphen, the byte-order mark.
        0x00AD...0x00AD, 0x0600...0x0605, 0x061C...0x061C, 0x06DD...0x06DD, 0x070F...0x070F,
        0x0890...0x0891, 0x08E2...0x08E2, 0x180E...0x180E, 0x200B...0x200F, 0x202A...0x202E,
        0x2060...0x2064, 0x2066...0x206F, 0xFEFF...0xFEFF, 0xFFF9...0xFFFB,
    ]

    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // Most text is letters above the controls and below the first blank past ASCII space.
        if value > 0x20 && value < 0x7F { return false }
        return ranges.contains { $0.contains(value) }
    }
}

extension Optional where Wrapped == String {
    /// Trimmed text, nil when missing or blank.
    public var trimmedOrNil: String? { self?.trimmedOrNil }

    /// A machine value (an id, a choice, a date) exactly as sent; nil when missing or empty.
    /// Not trimmed: " qi" is not a method, and the API must refuse what its document refuses.
    public var exactOrNil: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}

extension String {
    /// The first character that no one types into a text field on purpose: a control character
    /// (NUL, escape, the C1 controls...), or a line break or tab where text is one line. SQLite
    /// cuts text at a NUL, so such a character would silently lose what follows it.
    public func firstControlCharacter(multiline: Bool) -> Unicode.Scalar? {
        // The control characters (general category Cc) are exactly U+0000 to U+001F and U+007F
        // to U+009F, a set Unicode's stability policy fixes; compared directly rather than by
        // looking each scalar's category up, as every text field of every request is checked.
        unicodeScalars.first { scalar in
            guard scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) else { return false }
            return !(multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
    }
}

extension FieldErrors {
    /// Text as every form and the API take it: no control character (line breaks and tabs only
    /// where it has several lines), at most `limit` characters as sent (the API's document
    /// counts what is sent, so trimming cannot make room), stored without surrounding blanks.
    /// Nil when nothing but blanks came, an error too when `blank` says what to ask for instead.
    public mutating func text(_ value: String?, _ field: String, _ label: String, limit: Int,
                              multiline: Bool = false, blank: String? = nil) -> String? {
        refuseControlCharacters(value, field, label, multiline: multiline)
        if let value, value.length > limit {
            add(field, "\(label) must be \(Int64(limit).withThousandsSeparators) characters or fewer")
        }
        let text = value.trimmedOrNil
        if text == nil, let blank { add(field, blank) }
        return text
    }

    /// A date as typed (`YYYY-MM-DD`); nil, with a message, when it is not a real one, and nil
    /// without one when nothing was typed.
    public mutating func date(_ text: String?, _ field: String, _ label: String) -> CalendarDate? {
        guard let text = text.exactOrNil else { return nil }
        guard let date = CalendarDate(text) else {
            // Typed in a form's day, month and year boxes (FormData.foldingDates): said as the
            // NHS.UK date input says it.
            let boxes = text.split(separator: "/", omittingEmptySubsequences: false)
            if boxes.count == 3 {
                let missing = zip(["day", "month", "year"], boxes).filter { $0.1.isEmpty }.map(\.0)
                add(field, missing.isEmpty ? "\(label) must be a real date" : "\(label) must include a " + missing.joined(separator: " and "))
            } else {
                add(field, "\(label) must be a real date, like 2026-03-31")
            }
            return nil
        }
        return date
    }

    /// Refuses text holding a control character (see `String.firstControlCharacter`), naming it.
    public mutating func refuseControlCharacters(_ value: String?, _ field: String, _ label: String, multiline: Bool = false) {
        guard let scalar = value?.firstControlCharacter(multiline: multiline) else { return }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let kind = multiline ? "a control character" : "a line break or control character"
        add(field, "\(label) contains \(kind) (\(code)), which cannot be saved: remove it")
    }
}

extension Int64 {
    /// "2,000": thousands grouped as people write them.
    public var withThousandsSeparators: String {
        let digits = Array(String(self).utf8)
        let sign = digits.first == UInt8(ascii: "-") ? 1 : 0
        var grouped: [UInt8] = []
        grouped.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > sign && (digits.count - index) % 3 == 0 { grouped.append(UInt8(ascii: ",")) }
            grouped.append(digit)
        }
        return String(decoding: grouped, as: UTF8.self)
    }
}
