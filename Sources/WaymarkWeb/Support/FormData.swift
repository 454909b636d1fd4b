import Foundation

/// A parsed `application/x-www-form-urlencoded` body or query string. Keeps repeated keys
/// (checkbox groups) and never fails: anything malformed is simply absent, and validation names it.
public struct FormData: Sendable, Equatable {
    public private(set) var pairs: [(String, String)]

    public init(_ pairs: [(String, String)] = []) {
        self.pairs = pairs
    }

    public init(encoded text: String) {
        self.pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
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
