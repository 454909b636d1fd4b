import Crypto
import Foundation
import Vapor

/// One of Waymark's own static files (`Sources/WaymarkWeb/Assets/`), compiled into the binary.
/// Pages link it at a URL that carries a hash of its content, which browsers and proxies may keep
/// for a year: a new release's file has a new URL. The plain URL still answers, for an hour.
public struct Asset: Sendable {
    public let name: String
    public let fileExtension: String
    let content: [UInt8]
    let type: HTTPMediaType
    /// The first 8 bytes of the content's SHA-256, in hex.
    public let hash: String

    init(_ name: String, _ fileExtension: String, _ content: [UInt8], type: HTTPMediaType) {
        self.name = name
        self.fileExtension = fileExtension
        self.content = content
        self.type = type
        hash = SHA256.hash(data: content).prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// `waymark.css`
    public var fileName: String { name + "." + fileExtension }
    /// `waymark-1a2b3c4d5e6f7a8b.css`
    public var versionedFileName: String { name + "-" + hash + "." + fileExtension }
}

enum Assets {
    /// Written for Waymark in the NHS.UK visual language. No third-party CSS.
    static let stylesheet = Asset("waymark", "css", PackageResources.waymark_css,
                                  type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]))
    /// Progressive enhancement only: every page works without it.
    static let script = Asset("waymark", "js", PackageResources.waymark_js,
                              type: HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]))

    static let all = [stylesheet, script]
}
