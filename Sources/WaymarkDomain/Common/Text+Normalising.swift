import Foundation

extension String {
    /// Trimmed of surrounding white space and control characters; nil when nothing is left.
    public var trimmedOrNil: String? {
        let trimmed = trimmingCharacters(in: String.blank)
        return trimmed.isEmpty ? nil : trimmed
    }

    var trimmed: String { trimmingCharacters(in: String.blank) }

    /// Length as JSON Schema's minLength and maxLength count it (Unicode code points), so the
    /// API's document and its validation agree on every string.
    public var length: Int { unicodeScalars.count }

    static let blank = CharacterSet.whitespacesAndNewlines.union(.controlCharacters)
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
        unicodeScalars.first { scalar in
            guard scalar.properties.generalCategory == .control else { return false }
            return !(multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t"))
        }
    }
}

extension FieldErrors {
    /// Refuses text holding a control character (see `String.firstControlCharacter`), naming it.
    public mutating func refuseControlCharacters(_ value: String?, _ field: String, _ label: String, multiline: Bool = false) {
        guard let scalar = value?.firstControlCharacter(multiline: multiline) else { return }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let kind = multiline ? "a control character" : "a line break or control character"
        add(field, "\(label) contains \(kind) (\(code)), which cannot be saved: remove it")
    }
}
