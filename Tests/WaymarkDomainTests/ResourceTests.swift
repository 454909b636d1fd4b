import Foundation
@testable import WaymarkDomain
import XCTest

/// The resource library's checks: a file is taken only when its name and its content agree on a
/// type the library takes; names are made safe; a resource has content, a file or a link.
final class ResourceTests: XCTestCase {
    func zip(holding names: [String]) -> [UInt8] {
        var bytes: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 26)
        for name in names { bytes += Array(name.utf8) + [0x50, 0x4B, 0x03, 0x04] }
        return bytes
    }

    func testAFileIsWhatItsNameAndContentBothSay() {
        XCTAssertEqual(ResourceFileType.detect(name: "Guide.PDF", content: Array("%PDF-1.7\n...".utf8)), .pdf)
        XCTAssertNil(ResourceFileType.detect(name: "guide.pdf", content: [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1]), "a program renamed .pdf")
        XCTAssertNil(ResourceFileType.detect(name: "guide.pdf", content: [0x4D, 0x5A, 0x90, 0x00]), "a Windows program renamed .pdf")
        XCTAssertNil(ResourceFileType.detect(name: "guide.exe", content: Array("%PDF-1.7".utf8)), "an extension the library does not take")
        XCTAssertNil(ResourceFileType.detect(name: "guide", content: Array("%PDF-1.7".utf8)), "no extension")
        XCTAssertEqual(ResourceFileType.detect(name: "pid.docx", content: zip(holding: ["[Content_Types].xml", "word/document.xml"])), .docx)
        XCTAssertNil(ResourceFileType.detect(name: "pid.docx", content: zip(holding: ["[Content_Types].xml", "xl/workbook.xml"])),
                     "a workbook named as a document")
        XCTAssertEqual(ResourceFileType.detect(name: "register.xlsx", content: zip(holding: ["[Content_Types].xml", "xl/workbook.xml"])), .xlsx)
        XCTAssertNil(ResourceFileType.detect(name: "deck.pptx", content: zip(holding: ["evil.sh"])), "a zip that is not Office")
        XCTAssertEqual(ResourceFileType.detect(name: "data.csv", content: Array("a,b\r\n1,2\n".utf8)), .csv)
        XCTAssertNil(ResourceFileType.detect(name: "data.csv", content: [0x61, 0x00, 0x62]), "a NUL is not text")
        XCTAssertNil(ResourceFileType.detect(name: "notes.txt", content: [0xFF, 0xFE, 0x41]), "not UTF-8")
        XCTAssertNil(ResourceFileType.detect(name: "empty.txt", content: []))
    }

    func testNamesAreMadeSafe() {
        XCTAssertEqual(ResourceFileType.safeName("../../etc/passwd.txt"), "passwd.txt")
        XCTAssertEqual(ResourceFileType.safeName("C:\\Users\\pm\\PID \"final\".docx"), "PID final.docx")
        XCTAssertEqual(ResourceFileType.safeName("a\u{0}b\nc.pdf"), "abc.pdf")
        XCTAssertEqual(ResourceFileType.safeName(String(repeating: "x", count: 300) + ".pdf").count, ResourceFileType.nameLimit)
    }

    func testAResourceHasContentAFileOrALink() throws {
        var input = ResourceInput()
        input.title = "Guide"
        input.kind = "guide"
        XCTAssertThrowsError(try ResourceFields.validate(input, stages: [], hasFile: false)) { error in
            XCTAssertEqual((error as? ValidationFailure)?.message(for: "body"), "Write the resource in Markdown or upload a file")
        }
        XCTAssertNoThrow(try ResourceFields.validate(input, stages: [], hasFile: true))
        input.kind = "external-link"
        input.url = "javascript:alert(1)"
        XCTAssertThrowsError(try ResourceFields.validate(input, stages: [], hasFile: false)) { error in
            XCTAssertEqual((error as? ValidationFailure)?.message(for: "url"), "Enter an address starting with https:// or http://")
        }
        input.url = "https://www.england.nhs.uk/"
        XCTAssertEqual(try ResourceFields.validate(input, stages: [], hasFile: false).url, "https://www.england.nhs.uk/")
        input.kind = "template"
        input.body = "# Template"
        XCTAssertThrowsError(try ResourceFields.validate(input, stages: [], hasFile: false)) { error in
            XCTAssertEqual((error as? ValidationFailure)?.errors.first?.field, "url", "only a link has an address")
        }
    }
}
