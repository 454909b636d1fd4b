import Foundation
@testable import WaymarkDomain
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

    /// The register's order as one number sorts as the tuple it stands for: attention, crossing,
    /// needed by, the dependent's code rank (none after every rank), number.
    func testTheRegistersOrderKeySortsAsItsParts() {
        var random = SplitMix64(state: 11)
        // Dates run from 1900 to 2200: about 25,500 days before 1970 to 84,000 after.
        typealias Parts = (attention: Bool, crossing: Bool, days: Int, codeRank: Int?, number: Int)
        func parts() -> Parts {
            (Bool.random(using: &random), Bool.random(using: &random), Int.random(in: -25_000...80_000, using: &random),
             Int.random(in: 0...9, using: &random) == 0 ? nil : Int.random(in: 0..<20_000, using: &random),
             Int.random(in: 1...5_000, using: &random))
        }
        func tuple(_ p: Parts) -> (Int, Int, Int, Int, Int) {
            (p.attention ? 0 : 1, p.crossing ? 0 : 1, p.days, p.codeRank ?? Int.max, p.number)
        }
        func key(_ p: Parts) -> UInt64 {
            DependencyRegister.orderKey(attention: p.attention, crossing: p.crossing, neededByDays: Int64(p.days),
                                        codeRank: p.codeRank, number: p.number)
        }
        for _ in 0..<20_000 {
            var a = parts(), b = parts()
            // Equal leading parts, often, so every later part decides some comparisons.
            switch Int.random(in: 0...4, using: &random) {
            case 4: b.attention = a.attention; b.crossing = a.crossing; b.days = a.days; b.codeRank = a.codeRank
            case 3: b.attention = a.attention; b.crossing = a.crossing; b.days = a.days
            case 2: b.attention = a.attention; b.crossing = a.crossing
            case 1: b.attention = a.attention
            default: break
            }
            if Int.random(in: 0...9, using: &random) == 0 { a = b }
            XCTAssertEqual(key(a) < key(b), tuple(a) < tuple(b), "\(a) \(b)")
            XCTAssertEqual(key(a) == key(b), tuple(a) == tuple(b), "\(a) \(b)")
        }
        XCTAssertEqual(DependencyStatus.allCases.map(\.ordinal), Array(DependencyStatus.allCases.indices))
    }
}
