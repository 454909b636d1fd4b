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
