import Foundation
import XCTest

/// The layers depend downwards only (shared/DESIGN.md): what each target's sources may import.
final class LayeringTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    func testEachLayerImportsOnlyWhatItMay() throws {
        let views: Set<String> = ["Foundation", "Plot", "Vapor", "Crypto", "WaymarkDomain", "WaymarkMarkup", "WaymarkCharts"]
        let rules: [(folder: String, files: (URL) -> Bool, allowed: Set<String>)] = [
            // The C library is the platform's, not a layer (the index uses memchr); Synchronization
            // is the standard library's own locks (a memo's `Mutex`).
            ("WaymarkDomain", { _ in true }, ["Foundation", "Synchronization", "Glibc", "Darwin"]),
            // The markup writer, and Markdown made safe through Ink.
            ("WaymarkMarkup", { _ in true }, ["Foundation", "Plot", "Ink"]),
            // Charts are pure: domain values in, SVG out, through the one markup writer.
            ("WaymarkCharts", { _ in true }, ["Foundation", "Plot", "WaymarkDomain", "WaymarkMarkup"]),
            // Workflows are plain Swift: the web layer adapts them to HTTP, they never see it.
            ("WaymarkWorkflows", { _ in true }, ["Foundation", "WaymarkDomain", "WaymarkStore"]),
            // Views take view models; they never reach the database. They are the shared views and,
            // in each resource's folder, its pages, declarations and wording.
            ("WaymarkWeb/Views", { _ in true }, views),
            ("WaymarkWeb/History", { _ in true }, views),
            ("WaymarkWeb", { file in
                let name = file.lastPathComponent
                return name.hasSuffix("Page.swift") || name.hasSuffix("Pages.swift") || name.hasSuffix("Declarations.swift")
                    || name.hasSuffix("Sections.swift")
            }, views),
        ]
        for (folder, include, allowed) in rules {
            let root = Self.sources.appendingPathComponent(folder)
            let files = try XCTUnwrap(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && include($0) }
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
