import Foundation
import XCTest

/// The layers depend downwards only (shared/DESIGN.md): what each target's sources may import.
final class LayeringTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    func testEachLayerImportsOnlyWhatItMay() throws {
        let rules: [(folder: String, allowed: Set<String>)] = [
            // The C library is the platform's, not a layer (the index uses memchr).
            ("WaymarkDomain", ["Foundation", "Glibc", "Darwin"]),
            ("WaymarkMarkup", ["Foundation", "Plot"]),
            // Views take view models; they never reach the database.
            ("WaymarkWeb/Views", ["Foundation", "Plot", "Vapor", "Crypto", "WaymarkDomain", "WaymarkMarkup"]),
        ]
        for (folder, allowed) in rules {
            let root = Self.sources.appendingPathComponent(folder)
            let files = try XCTUnwrap(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
            XCTAssertFalse(files.isEmpty, folder)
            for file in files {
                let imports = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                    .filter { $0.hasPrefix("import ") || $0.hasPrefix("@testable import ") }
                    .map { String($0.split(separator: " ").last!) }
                for module in imports where !allowed.contains(module) {
                    XCTFail("\(folder)/\(file.lastPathComponent) imports \(module)")
                }
            }
        }
    }
}
