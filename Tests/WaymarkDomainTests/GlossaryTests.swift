import Foundation
@testable import WaymarkDomain
import XCTest

/// A glossary term's key, its checks, and how a search ranks terms.
final class GlossaryTests: XCTestCase {
    func testKeysAreLettersAndDigitsJoinedByHyphens() {
        XCTAssertEqual(GlossaryTerm.key(for: "Senior responsible owner"), "senior-responsible-owner")
        XCTAssertEqual(GlossaryTerm.key(for: "  PDSA cycle (Plan–Do–Study–Act)! "), "pdsa-cycle-plan-do-study-act")
        XCTAssertEqual(GlossaryTerm.key(for: "Café réseau"), "cafe-reseau", "accents are set aside")
        XCTAssertEqual(GlossaryTerm.key(for: "—"), "", "a name of punctuation alone has no key")
        XCTAssertLessThanOrEqual(GlossaryTerm.key(for: String(repeating: "word ", count: 40)).count, GlossaryTerm.keyLimit)
        XCTAssertFalse(GlossaryTerm.key(for: String(repeating: "ab ", count: 40)).hasSuffix("-"))
    }

    func testEveryProblemIsNamedAtOnce() {
        let organisation = UUID(), other = UUID()
        var input = GlossaryTermInput()
        input.name = " "
        input.definition = ""
        input.topic = "astrology"
        input.source = "hearsay"
        input.localSynonyms = "\(UUID().lowercasedText)|flash report"
        input.relatedTermIDs = "not-an-id"
        XCTAssertThrowsError(try GlossaryTermFields.validate(input, organisations: [organisation], terms: [other])) { error in
            let failure = error as? ValidationFailure
            XCTAssertEqual(Set(failure?.errors.map(\.field) ?? []),
                           ["name", "definition", "topic", "source", "localSynonyms", "relatedTermIds"])
            XCTAssertEqual(failure?.message(for: "name"), "Enter the term")
            XCTAssertEqual(failure?.errors.first { $0.field == "localSynonyms" }?.kind, .reference, "a well-formed id of no organisation")
        }

        input = GlossaryTermInput()
        input.name = "!!!"
        input.definition = "Something"
        input.localSynonyms = "\(organisation.lowercasedText)|  "
        XCTAssertThrowsError(try GlossaryTermFields.validate(input, organisations: [organisation], terms: [])) { error in
            let failure = error as? ValidationFailure
            XCTAssertEqual(failure?.message(for: "name"), "The term must contain a letter or a digit")
            XCTAssertEqual(failure?.message(for: "localSynonyms"), "Enter the word each organisation uses")
        }
    }

    func testOtherNamesAndSynonymsAreKeptOnceInTheirOrder() throws {
        let organisation = UUID(), related = UUID()
        var input = GlossaryTermInput()
        input.name = "Highlight report"
        input.definition = "A regular short report.\nFor the board."
        input.aliases = "Flash report\n\n  status report \nFLASH REPORT\nhighlight report"
        input.localSynonyms = "\(organisation.lowercasedText)|flash report\n\(organisation.lowercasedText)|Flash Report"
        input.relatedTermIDs = "\(related.lowercasedText),\(related.lowercasedText)"
        let fields = try GlossaryTermFields.validate(input, organisations: [organisation], terms: [related])
        XCTAssertEqual(fields.aliases, ["Flash report", "status report"], "blank lines, repeats and the term itself are left out")
        XCTAssertEqual(fields.localSynonyms, [LocalSynonym(organisationID: organisation, word: "flash report")])
        XCTAssertEqual(fields.relatedIDs, [related])
        XCTAssertEqual(fields.topic, .project)
        XCTAssertEqual(fields.source, .local)
        // What a form shows is what was saved, and reads back the same.
        let shown = GlossaryTermInput(showing: fields)
        XCTAssertEqual(try GlossaryTermFields.validate(shown, organisations: [organisation], terms: [related]), fields)
        // A word that starts with an emoji modifier or a combining mark is still a word: the
        // separator before it is found among the scalars, not merged into one character with it.
        for word in ["\u{1F3FB}tone", "\u{0301}accent"] {
            input.localSynonyms = organisation.lowercasedText + "|" + word
            XCTAssertEqual(try GlossaryTermFields.validate(input, organisations: [organisation], terms: [related]).localSynonyms,
                           [LocalSynonym(organisationID: organisation, word: word)], word.debugDescription)
        }
    }

    func testASearchFindsEveryWordAndRanksNamesFirst() {
        func term(_ name: String, _ definition: String, aliases: [String] = []) -> GlossaryTerm {
            GlossaryTerm(id: UUID(), key: GlossaryTerm.key(for: name),
                         fields: GlossaryTermFields(name: name, definition: definition, topic: .risk, source: .nhsEngland, aliases: aliases),
                         version: 1, createdAt: Date(), updatedAt: Date())
        }
        let score = term("Risk score", "Consequence times likelihood.")
        let register = term("Risk register", "The list of risks an organisation manages.", aliases: ["Board assurance framework"])
        let likelihood = term("Likelihood", "How likely a risk is to happen, scored 1 to 5.")
        XCTAssertEqual(score.match("risk score"), 8, "both words start the name")
        XCTAssertNotNil(likelihood.match("RISK"), "case is set aside")
        XCTAssertNil(likelihood.match("risk appetite"), "every word must be found")
        XCTAssertGreaterThan(register.match("assurance")!, likelihood.match("risk")! - 1)
        XCTAssertGreaterThan(score.match("risk")!, likelihood.match("risk")!, "a name outranks a definition")
        XCTAssertEqual(term("Café", "x").match("cafe"), 4, "accents are set aside")
    }

    func testEveryScreenExplainsDistinctPartsAndTheTermsItUsesCannotBeDeleted() {
        for screen in GlossaryScreen.allCases {
            XCTAssertEqual(Set(screen.terms.map(\.part)).count, screen.terms.count, "\(screen) explains each part once")
        }
        XCTAssertEqual(GlossaryScreen.using("lifecycle-stage"), [.projectForm, .projectPage, .portfolioFilters])
        XCTAssertEqual(GlossaryScreen.using("tranche"), [])
        XCTAssertEqual(GlossaryScreen.projectForm.key(for: "budgetPence"), "budget")
    }
}
