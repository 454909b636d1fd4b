import Foundation
import WaymarkDomain
import XCTest

/// Assumptions and actions as the domain checks them: what each needs, the dates' rules, and
/// what is overdue.
final class AssumptionAndActionTests: XCTestCase {
    let today = CalendarDate("2026-09-21")!
    let owner = UUID()

    func input(_ values: [String: String]) -> AssumptionInput {
        AssumptionInput(reading: { values[$0] })
    }

    func messages(_ body: () throws -> Void) -> [String: String] {
        do {
            try body()
            return [:]
        } catch let failure as ValidationFailure {
            return Dictionary(failure.errors.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        } catch {
            XCTFail("\(error)")
            return [:]
        }
    }

    func testAnAssumptionNeedsAStatementAndAnOwnerUntilItIsChecked() throws {
        let errors = messages { _ = try AssumptionFields.validate(input(["statement": "  ", "status": "maybe"]), owners: [], today: today) }
        XCTAssertEqual(errors["statement"], "Enter the assumption: what the plan takes to be true")
        XCTAssertEqual(errors["status"], "Select a status: not yet validated, confirmed or proved wrong")
        XCTAssertEqual(errors["ownerId"], "Select who validates the assumption: one not yet validated needs an owner")

        let unknown = messages {
            _ = try AssumptionFields.validate(input(["statement": "GPs agree", "ownerId": UUID().uuidString]), owners: [owner], today: today)
        }
        XCTAssertEqual(unknown["ownerId"], "Select an owner from the people listed")

        let fields = try AssumptionFields.validate(input(["statement": " GPs agree the rota ", "ownerId": owner.uuidString,
                                                          "validateBy": "2026-09-01", "validatedOn": "2026-09-02"]),
                                                   owners: [owner], today: today)
        XCTAssertEqual(fields.statement, "GPs agree the rota")
        XCTAssertEqual(fields.status, .unvalidated)
        XCTAssertNil(fields.validatedOn, "a date validated means nothing until it is validated")
        XCTAssertTrue(fields.isOverdue(today: today))
        XCTAssertFalse(fields.isOverdue(today: CalendarDate("2026-09-01")!), "due that day is not yet overdue")
    }

    func testACheckedAssumptionNeedsThePastDateItWasChecked() throws {
        let missing = messages { _ = try AssumptionFields.validate(input(["statement": "x", "status": "disproved"]), owners: [], today: today) }
        XCTAssertEqual(missing["validatedOn"], "Enter the date the assumption was proved wrong")
        XCTAssertNil(missing["ownerId"], "a checked assumption needs no owner")
        let future = messages {
            _ = try AssumptionFields.validate(input(["statement": "x", "status": "confirmed", "validatedOn": "2026-09-22"]), owners: [], today: today)
        }
        XCTAssertEqual(future["validatedOn"], "The date validated cannot be in the future")
        let bad = messages {
            _ = try AssumptionFields.validate(input(["statement": "x", "status": "confirmed", "validatedOn": "2026-02-30"]), owners: [], today: today)
        }
        XCTAssertEqual(bad["validatedOn"], "Date validated must be a real date, like 2026-03-31")
        let confirmed = try AssumptionFields.validate(input(["statement": "x", "status": "confirmed", "validatedOn": "2026-09-21",
                                                             "validateBy": "2026-01-01"]), owners: [], today: today)
        XCTAssertFalse(confirmed.isOverdue(today: today), "a checked assumption is never overdue")
    }

    func testAnInputOverlaidKeepsWhatItDoesNotCarry() throws {
        let fields = AssumptionFields(statement: "Kept", impactIfWrong: "Late", ownerID: owner, validateBy: today)
        var change = AssumptionInput()
        change.impactIfWrong = ""
        let merged = change.overlaid(on: fields)
        XCTAssertEqual(merged.statement, "Kept")
        XCTAssertEqual(merged.impactIfWrong, "")
        XCTAssertEqual(merged.ownerID, owner.lowercasedText)
        XCTAssertEqual(merged.validateBy, "2026-09-21")
        XCTAssertEqual(merged.validatedOn, "")
    }

    func testAnActionIsForOneOfItsProjectsItemsOrNone() throws {
        let risk = UUID()
        let items = [risk: RAIDItem.risk(risk)]
        func action(_ values: [String: String]) throws -> ActionFields {
            try ActionFields.validate(ActionInput(reading: { values[$0] }), items: items, owners: [owner], today: today)
        }
        let errors = messages { _ = try action(["title": "", "itemId": UUID().uuidString, "dueDate": "", "doneOn": "2026-09-30"]) }
        XCTAssertEqual(errors["title"], "Enter the action: what will be done")
        XCTAssertEqual(errors["itemId"], "Select one of this project's risks, issues, assumptions or dependencies, or none")
        XCTAssertEqual(errors["dueDate"], "Enter the date the action is due")
        XCTAssertEqual(errors["doneOn"], "The date done cannot be in the future")
        XCTAssertNil(errors["ownerId"], "an action with a date done needs no owner")
        let open = messages { _ = try action(["title": "Chase", "dueDate": "2026-09-30"]) }
        XCTAssertEqual(open["ownerId"], "Select who does the action: one not yet done needs an owner")

        let fields = try action(["title": "Agree the rota", "itemId": risk.uuidString, "ownerId": owner.uuidString, "dueDate": "2026-09-20"])
        XCTAssertEqual(fields.item, .risk(risk))
        XCTAssertTrue(fields.isOverdue(today: today))
        let done = try action(["title": "Agree the rota", "dueDate": "2026-09-20", "doneOn": "2026-09-21"])
        XCTAssertNil(done.item, "for the project as a whole")
        XCTAssertFalse(done.isOverdue(today: today))
        XCTAssertEqual(done.auditValues.first { $0.0 == "doneOn" }?.1, "2026-09-21")
    }

    func testADecisionIsByAPersonOrABoardAndLinksOnlyItsProjectsItems() throws {
        let issue = UUID(), risk = UUID()
        let items = [issue: RAIDItem.issue(issue), risk: RAIDItem.risk(risk)]
        func decision(_ values: [String: String]) throws -> DecisionFields {
            try DecisionFields.validate(DecisionInput(reading: { values[$0] }), items: items, deciders: [owner], today: today)
        }
        let errors = messages { _ = try decision(["title": "", "decidedOn": "2026-09-22", "linkedItemIds": "\(risk),\(UUID())"]) }
        XCTAssertEqual(errors["title"], "Enter the decision: what was decided")
        XCTAssertEqual(errors["decidedOn"], "The date decided cannot be in the future")
        XCTAssertEqual(errors["deciderId"], "Say who decided: select a person or name the board or group")
        XCTAssertEqual(errors["linkedItemIds"], "Select only this project's risks, issues, assumptions and dependencies")
        let both = messages { _ = try decision(["title": "x", "decidedOn": "2026-09-01", "deciderId": owner.uuidString, "board": "ICB board"]) }
        XCTAssertEqual(both["board"], "Name the person or the board who decided, not both: clear one of them")
        let missing = messages { _ = try decision(["title": "x", "board": "ICB board"]) }
        XCTAssertEqual(missing["decidedOn"], "Enter the date it was decided")

        let fields = try decision(["title": "Go", "decidedOn": "2026-09-21", "board": " ICB board ",
                                   "linkedItemIds": "\(issue),\(risk),\(issue)"])
        XCTAssertEqual(fields.board, "ICB board")
        XCTAssertEqual(fields.links, [.issue(issue), .risk(risk)], "in the order chosen, each once")
        XCTAssertEqual(DecisionInput(showing: fields).linkedItemIDs, "\(issue.lowercasedText),\(risk.lowercasedText)")
        XCTAssertEqual(try decision(["title": "Go", "decidedOn": "2026-09-21", "deciderId": owner.uuidString, "linkedItemIds": ""]).links, [])
    }

    func testWorkItemsAreReferencedAsTheirLogsReferenceThem() {
        let item = WorkItem(kind: .action, id: UUID(), projectID: UUID(), number: 4, title: "Chase", due: today)
        XCTAssertEqual(item.reference, "AC4")
        XCTAssertFalse(item.isOverdue(today: today))
        XCTAssertTrue(item.isOverdue(today: today.adding(days: 1)))
        XCTAssertEqual(WorkKind.allCases.map(\.referencePrefix), ["R", "I", "M", "D", "A", "AC"])
        XCTAssertEqual(RAIDItem.kinds.compactMap { RAIDItem(kind: $0, id: item.id)?.referencePrefix }, ["R", "I", "A", "D"])
    }
}
