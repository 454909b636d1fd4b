import Foundation
import WaymarkDomain
import XCTest

/// Dependencies: what the input must say (one provider, never itself, a date, an owner while
/// needed), overdue, and the register's view of each end for one reader.
final class DependencyTests: XCTestCase {
    let project = UUID(), other = UUID(), owner = UUID()
    let today = CalendarDate("2026-09-21")!

    func input(_ changes: (inout DependencyInput) -> Void = { _ in }) -> DependencyInput {
        var input = DependencyInput()
        input.title = "Shared record go-live"
        input.dependsOnProject = "RAA-0002"
        input.neededBy = "2026-10-01"
        input.ownerID = owner.lowercasedText
        changes(&input)
        return input
    }

    func validate(_ input: DependencyInput) throws -> DependencyFields {
        try DependencyFields.validate(input, project: project, provider: { $0 == "RAA-0002" ? self.other : $0 == "RAA-0001" ? self.project : nil },
                                      owners: [owner])
    }

    func fields(of input: DependencyInput) -> Set<String> {
        do {
            _ = try validate(input)
            return []
        } catch let failure as ValidationFailure {
            return Set(failure.errors.map(\.field))
        } catch {
            return ["unexpected"]
        }
    }

    func testAValidDependencyNamesItsProviderOrSomethingOutside() throws {
        let fields = try validate(input())
        XCTAssertEqual(fields.providerProjectID, other)
        XCTAssertEqual(fields.status, .onTrack)
        let outside = try validate(input { $0.dependsOnProject = ""; $0.external = "  The supplier's upgrade  " })
        XCTAssertNil(outside.providerProjectID)
        XCTAssertEqual(outside.external, "The supplier's upgrade")
    }

    func testBadInputIsNamedFieldByField() {
        XCTAssertEqual(fields(of: input { $0.dependsOnProject = "RAA-0001" }), ["dependsOnProject"], "on itself")
        XCTAssertEqual(fields(of: input { $0.dependsOnProject = "NOPE-1" }), ["dependsOnProject"], "a project the person cannot see")
        XCTAssertEqual(fields(of: input { $0.external = "Something else" }), ["external"], "both")
        XCTAssertEqual(fields(of: input { $0.dependsOnProject = "" }), ["dependsOnProject"], "neither")
        XCTAssertEqual(fields(of: input { $0.neededBy = nil }), ["neededBy"])
        XCTAssertEqual(fields(of: input { $0.neededBy = "2026-02-30" }), ["neededBy"])
        XCTAssertEqual(fields(of: input { $0.ownerID = "" }), ["ownerId"], "one still needed needs an owner")
        XCTAssertEqual(fields(of: input { $0.ownerID = ""; $0.status = "met" }), [], "a met one does not")
        XCTAssertEqual(fields(of: input { $0.ownerID = UUID().uuidString }), ["ownerId"])
        XCTAssertEqual(fields(of: input { $0.status = "done"; $0.title = " " }), ["status", "title"])
    }

    func testOverdueAndAttention() {
        var fields = DependencyFields(title: "x", providerProjectID: other, neededBy: CalendarDate("2026-09-20")!, ownerID: owner)
        XCTAssertTrue(fields.isOverdue(today: today))
        XCTAssertTrue(fields.needsAttention(today: today))
        fields.status = .met
        XCTAssertFalse(fields.isOverdue(today: today))
        fields.status = .atRisk
        fields.neededBy = CalendarDate("2026-12-01")!
        XCTAssertFalse(fields.isOverdue(today: today))
        XCTAssertTrue(fields.needsAttention(today: today))
        fields.status = .onTrack
        XCTAssertFalse(fields.needsAttention(today: today))
    }
}
