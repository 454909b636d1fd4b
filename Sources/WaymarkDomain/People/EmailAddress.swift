import Foundation

/// Email addresses: the one form they are stored, looked up and throttled by, and what an
/// account's address may contain.
public enum EmailAddress {
    /// The one form of an address that Waymark stores, compares and throttles by: without
    /// surrounding white space, control or invisible characters, lower-cased, in Unicode NFC.
    /// Sign-in, the sign-in throttle, account creation and every lookup use it, so
    /// `"Ann@nhs.net\n"`, `"ann@nhs.net\u{0}"` and an NFD `josé` are the same address as typed
    /// plainly, and none of them starts a fresh throttle budget.
    public static func normalised(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isIgnorableAtTheEdge($0) }),
              let last = scalars.lastIndex(where: { !isIgnorableAtTheEdge($0) }) else { return "" }
        return String(scalars[first...last]).lowercased().precomposedStringWithCanonicalMapping
    }

    /// Why an already normalised address cannot be an account's, or nil when it can.
    /// Beyond the shape (one @, a dot in the domain), an address may contain no invisible
    /// character and may not mix alphabets within its name or any part of its domain:
    /// `аdmin@nhs.net` with a Cyrillic `а` would otherwise be a second account that looks like
    /// the first. (An address written wholly in another alphabet is allowed.)
    public static func problem(with email: String) -> String? {
        if email.unicodeScalars.contains(where: isInvisible) {
            return "Email address contains a space or an invisible character: type it again"
        }
        guard isPlausible(email) else {
            return "Enter an email address in the correct format, like name@nhs.net"
        }
        let parts = email.split(whereSeparator: { $0 == "@" || $0 == "." })
        if parts.contains(where: { Script.ofLetters(in: $0).count > 1 }) {
            return "Email address mixes letters of different alphabets (such as a Cyrillic \u{0430} among Latin letters): type it again"
        }
        return nil
    }

    /// A deliberately simple check (one @, a dot in the domain, no spaces): mail delivery is the real test.
    public static func isPlausible(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.length <= 254, parts.count == 2, !parts[0].isEmpty,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace }) else { return false }
        return true
    }

    static func isIgnorableAtTheEdge(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || isInvisible(scalar)
    }

    /// Control and format characters, white space, and whatever Unicode says a renderer may
    /// draw as nothing (zero-width spaces and joiners, the byte-order mark, variation selectors).
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate:
            return true
        default:
            return scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.isWhitespace
        }
    }

    /// The alphabets an address is checked against. Japanese writes Han, Hiragana and Katakana
    /// together, so they count as one; letters of any script not listed count as `other`.
    enum Script: String, CaseIterable {
        case latin = "Latin", greek = "Greek", cyrillic = "Cyrillic", armenian = "Armenian", hebrew = "Hebrew",
             arabic = "Arabic", devanagari = "Devanagari", bengali = "Bengali", gurmukhi = "Gurmukhi",
             gujarati = "Gujarati", tamil = "Tamil", telugu = "Telugu", kannada = "Kannada", malayalam = "Malayalam",
             sinhala = "Sinhala", thai = "Thai", georgian = "Georgian", hangul = "Hangul", ethiopic = "Ethiopic",
             japaneseOrChinese = "Han", other

        /// One pattern per script, matching a single character of it. Made on each use (an
        /// address is checked only when an account is saved): a compiled Regex is not Sendable.
        private static func patterns() -> [(Script, Regex<AnyRegexOutput>)] { Script.allCases.compactMap { script in
            guard script != .other else { return nil }
            let pattern = script == .japaneseOrChinese ? "[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}]"
                                                       : "\\p{sc=\(script.rawValue)}"
            // The patterns are fixed text above; a failure to compile one is a programming error.
            return (script, try! Regex(pattern))
        } }

        /// The scripts of the letters in `text` (digits, punctuation and combining marks belong to none).
        static func ofLetters(in text: Substring) -> Set<Script> {
            // Every ASCII letter is Latin: most addresses need no pattern at all.
            if text.allSatisfy(\.isASCII) { return text.contains(where: \.isLetter) ? [.latin] : [] }
            var scripts = Set<Script>()
            let patterns = patterns()
            for character in text where character.isLetter {
                let one = String(character)
                scripts.insert(patterns.first { one.wholeMatch(of: $0.1) != nil }?.0 ?? .other)
            }
            return scripts
        }
    }
}
