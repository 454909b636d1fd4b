import Crypto
import Foundation

/// Random secrets (session ids, API tokens, CSRF tokens) and the hashes they are stored by.
enum SecretTokens {
    /// 256 random bits, base64url without padding.
    static func make() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { Data($0) }.base64URLEncoded
    }

    /// API tokens carry a prefix so that secret scanners and people can recognise them.
    static let apiTokenPrefix = "wmk_"

    static func makeAPIToken() -> String { apiTokenPrefix + make() }

    /// SHA-256 in hex: fast enough for every API call, and a leaked table reveals no usable secret
    /// because the secrets are 256-bit random values (bcrypt is for guessable passwords).
    static func hash(_ secret: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Compares without leaking, through timing, how much of a secret matched.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
