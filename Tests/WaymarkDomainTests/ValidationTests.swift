import Foundation
import WaymarkDomain
import XCTest

final class ValidationTests: XCTestCase {
    let org = UUID(), partner = UUID(), programme = UUID(), theme = UUID(), stage = UUID()
    var references: ProjectReferences {
        ProjectReferences(organisations: [org, partner], programmes: [programme], themes: [theme], stages: [stage])
    }

    func validInput() -> ProjectInput {
        ProjectInput(title: "  Virtual wards  ", summary: "Care at home", leadOrganisationID: org.uuidString,
                     partnerOrganisationIDs: [partner.uuidString, partner.uuidString], programmeID: programme.uuidString,
                     themeIDs: [theme.uuidString], methodology: "qi", stageID: stage.uuidString, startDate: "2026-04-01",
                     endDate: "2027-03-31", budget: "£12,500.50", tags: "winter, Winter, frailty", visibility: "organisation")
    }

    func testValidInputBecomesFields() throws {
        let fields = try ProjectFields.validate(validInput(), references: references)
        XCTAssertEqual(fields.title, "Virtual wards")
        XCTAssertEqual(fields.partnerOrganisationIDs, [partner])
        XCTAssertEqual(fields.methodology, .qi)
        XCTAssertEqual(fields.status, .active)
        XCTAssertEqual(fields.budgetPence, 1_250_050)
        XCTAssertEqual(fields.tags, ["winter", "frailty"])
        XCTAssertEqual(fields.startDate?.description, "2026-04-01")
        XCTAssertEqual(fields.visibility, .organisation)
    }

    func testInputRoundTripsThroughFields() throws {
        let fields = try ProjectFields.validate(validInput(), references: references)
        XCTAssertEqual(try ProjectFields.validate(ProjectInput(fields), references: references), fields)
    }

    func testEveryProblemIsReportedAtOnceWithItsField() {
        let input = ProjectInput(title: "   ", leadOrganisationID: UUID().uuidString, partnerOrganisationIDs: [org.uuidString],
                                 programmeID: "nonsense", themeIDs: ["x"], methodology: "waterfall", stageID: nil,
                                 status: "paused", startDate: "2026-02-30", endDate: "2026-01-01", budget: "12.345",
                                 visibility: "public")
        XCTAssertThrowsError(try ProjectFields.validate(input, references: references)) { error in
            let failure = error as! ValidationFailure
            XCTAssertEqual(failure.errors.map(\.field), ["title", "leadOrganisationId", "programmeId", "themeIds",
                                                          "methodology", "stageId", "status", "startDate", "budget", "visibility"])
            XCTAssertEqual(failure.message(for: "title"), "Enter a project title")
            XCTAssertEqual(failure.message(for: "startDate"), "Start date must be a real date, like 2026-03-31")
            XCTAssertEqual(failure.message(for: "budget"), "Budget must be an amount in pounds, like 12500 or 12,500.50")
        }
    }

    func testATooLargeBudgetIsSaidToBeTooLarge() {
        for budget in ["1000000000000", "25,000,000,000,000", "£9999999999999999"] {
            let input = ProjectInput(title: "Big", leadOrganisationID: org.uuidString, methodology: "project", stageID: nil, budget: budget,
                                     visibility: "system")
            XCTAssertThrowsError(try ProjectFields.validate(input, references: references), budget) { error in
                XCTAssertEqual((error as? ValidationFailure)?.message(for: "budget"), "Budget must be less than £1 trillion", budget)
            }
        }
        XCTAssertNil(Money.pence(fromPounds: "99999999999999999"), "beyond 16 digits is not an amount at all")
    }

    func testEndBeforeStartAndLeadAsPartnerAreRefused() {
        var input = validInput()
        input.endDate = "2026-03-31"
        input.partnerOrganisationIDs = [org.uuidString]
        XCTAssertThrowsError(try ProjectFields.validate(input, references: references)) { error in
            let failure = error as! ValidationFailure
            XCTAssertEqual(failure.message(for: "endDate"), "End date must be the same as or after the start date")
            XCTAssertEqual(failure.message(for: "partnerOrganisationIds"), "The lead organisation cannot also be a partner")
        }
    }

    func testProjectCodes() {
        XCTAssertEqual(ProjectCode(organisationCode: "RH5", number: 42).description, "RH5-0042")
        XCTAssertEqual(ProjectCode(organisationCode: "SCC", number: 12_345).description, "SCC-12345")
    }

    func testOrganisationCodes() throws {
        for code in ["RH5", "QSL", "RH802", "A81001", "U12345"] {
            XCTAssertNil(OrganisationCodeRules.problem(with: code, kind: .ods), code)
        }
        for code in ["R", "5RH", "RH-5", "ABCDEFG", "rh5"] {
            XCTAssertNotNil(OrganisationCodeRules.problem(with: code, kind: .ods), code)
        }
        XCTAssertNil(OrganisationCodeRules.problem(with: "VCS-ALLIANCE", kind: .local))
        XCTAssertNotNil(OrganisationCodeRules.problem(with: "VCS-", kind: .local))
        let fields = try OrganisationFields.validate(OrganisationInput(name: " Example ICB ", code: "qsl", codeKind: "ods", kind: "icb"))
        XCTAssertEqual(fields.code, "QSL")
        XCTAssertEqual(fields.name, "Example ICB")
        // Machine values are taken exactly as sent (the web form trims what people type).
        XCTAssertThrowsError(try OrganisationFields.validate(OrganisationInput(name: "X", code: " QSL", codeKind: "ods", kind: "icb")))
        XCTAssertThrowsError(try OrganisationFields.validate(OrganisationInput(name: "X", code: "QSL", codeKind: "ods ", kind: "icb")))
    }

    func testMoney() {
        XCTAssertEqual(Money.pence(fromPounds: "12500"), 1_250_000)
        XCTAssertEqual(Money.pence(fromPounds: "£1,250.5"), 125_050)
        XCTAssertNil(Money.pence(fromPounds: "12.345"))
        XCTAssertNil(Money.pence(fromPounds: "twelve"))
        XCTAssertEqual(Money.display(125_005), "£1,250.05")
        XCTAssertEqual(Money.display(100_000_000), "£1,000,000")
        XCTAssertEqual(Money.poundsText(125_050), "1250.50")
        let grouped: [(Int64, String)] = [(0, "0"), (999, "999"), (1_000, "1,000"), (123_456, "123,456"), (1_234_567, "1,234,567"),
                                          (-999, "-999"), (-1_000, "-1,000"), (-123_456, "-123,456"), (Int64.min, "-9,223,372,036,854,775,808")]
        for (value, text) in grouped { XCTAssertEqual(value.withThousandsSeparators, text) }
    }

    func testPagesAndEverythingInOnePage() {
        XCTAssertEqual(Page<Int>(items: [], request: PageRequest(perPage: 10), total: 0).pageCount, 1)
        XCTAssertEqual(Page<Int>(items: [], request: PageRequest(perPage: 10), total: 20).pageCount, 2)
        XCTAssertEqual(Page<Int>(items: [], request: PageRequest(perPage: 10), total: 21).pageCount, 3)
        XCTAssertEqual(PageRequest(perPage: 1_000).perPage, PageRequest.maximumPerPage, "what a person asks for is capped")
        // A download's one page holds every item, with no overflow in counting pages.
        let everything = Page(items: Array(0..<250), request: .everything, total: 250)
        XCTAssertEqual(PageRequest.everything.offset, 0)
        XCTAssertEqual(everything.pageCount, 1)
        XCTAssertFalse(everything.hasNext)
    }

    func testCalendarDates() {
        XCTAssertNotNil(CalendarDate("2028-02-29"))
        XCTAssertNil(CalendarDate("2027-02-29"))
        XCTAssertNil(CalendarDate("2026-13-01"))
        XCTAssertNil(CalendarDate("26-01-01"))
        XCTAssertEqual(CalendarDate("2026-03-03")?.longFormat, "3 March 2026")
        XCTAssertNil(CalendarDate(" 2026-03-03"))
        XCTAssertNil(CalendarDate("2026-0+-03"))
        // Exactly four, two and two ASCII digits with hyphens: nothing longer, shorter, signed,
        // spaced or written in other digits or dashes is a date.
        for text in ["2026-03-03 ", "2026-03-3", "2026-3-03", "202-03-031", "+026-03-03", "2026-03-0\u{0}",
                     "2026\u{2212}03-03", "\u{FF12}026-03-03", "2026/03/03", "2026-03-03T00", "", "0000-00-00", "2026-00-10"] {
            XCTAssertNil(CalendarDate(text), text)
        }
        XCTAssertEqual(CalendarDate("1900-01-01"), CalendarDate(year: 1900, month: 1, day: 1))
        XCTAssertEqual(CalendarDate("2200-12-31")?.description, "2200-12-31")
        XCTAssertLessThan(CalendarDate("2026-01-31")!, CalendarDate("2026-02-01")!)
    }

    func testPeopleValidation() {
        let known: Set<UUID> = [org]
        XCTAssertThrowsError(try PersonFields.validate(PersonInput(name: "A", email: "not-an-email", role: "boss",
                                                                   organisationID: UUID().uuidString, password: "short"),
                                                       knownOrganisations: known, passwordRequired: true)) { error in
            XCTAssertEqual((error as! ValidationFailure).errors.map(\.field), ["email", "role", "organisationId", "password"])
        }
        let fields = try? PersonFields.validate(PersonInput(name: "A Person", email: "A.Person@NHS.net", role: "member",
                                                            organisationID: org.uuidString),
                                                knownOrganisations: known, passwordRequired: false)
        XCTAssertEqual(fields?.email, "a.person@nhs.net")
    }

    func testAnEmailAddressHasOneForm() {
        let forms = ["ann@nhs.net", " Ann@NHS.net", "ann@nhs.net\n", "ann@nhs.net\r\n", "ann@nhs.net\u{0}", "\u{FEFF}ann@nhs.net",
                     "ann@nhs.net\u{200B}", "\tANN@nhs.net\u{7F}"]
        XCTAssertEqual(Set(forms.map(EmailAddress.normalised)), ["ann@nhs.net"])
        XCTAssertEqual(EmailAddress.normalised("Jose\u{301}@nhs.net"), "jos\u{E9}@nhs.net")
        XCTAssertEqual(EmailAddress.normalised("JOS\u{C9}@nhs.net"), "jos\u{E9}@nhs.net")
        XCTAssertEqual(EmailAddress.normalised(" \u{0} "), "")
        // The throttle keys an account by the same form.
        XCTAssertEqual(SignInThrottlePolicy.Key.account("ANN@nhs.net\u{0}").storageKey, "account:ann@nhs.net")
    }

    func testEmailAddressesWithInvisibleOrMixedLettersAreRefused() {
        for good in ["ann@nhs.net", "jos\u{E9}@nhs.net", "o'brien-smith+qi@nhs.net", "\u{438}\u{432}\u{430}\u{43D}@nhs.net",
                     "\u{3084}\u{307E}\u{3060}\u{30C0}@example.jp"] {
            XCTAssertNil(EmailAddress.problem(with: good), good)
        }
        for (bad, words) in [("an\u{200B}n@nhs.net", "invisible"), ("ann@nhs\u{200D}.net", "invisible"), ("a n@nhs.net", "invisible"),
                             ("\u{430}nn@nhs.net", "alphabets"), ("ann@nh\u{455}.net", "alphabets"), ("\u{3B1}nn@nhs.net", "alphabets"),
                             ("ann.nhs.net", "correct format"), ("ann@nhs", "correct format")] {
            XCTAssertTrue(EmailAddress.problem(with: bad)?.contains(words) == true, "\(bad.debugDescription): \(EmailAddress.problem(with: bad) ?? "accepted")")
        }
    }

    func testControlCharactersAreFoundWhereTextCannotHoldThem() {
        XCTAssertEqual("T1 \u{0} hidden".firstControlCharacter(multiline: true), "\u{0}")
        XCTAssertEqual("two\nlines".firstControlCharacter(multiline: false), "\n")
        XCTAssertNil("two\r\nlines\tand a tab".firstControlCharacter(multiline: true))
        XCTAssertEqual("C1 \u{85} next line".firstControlCharacter(multiline: true), "\u{85}")
        XCTAssertNil("caf\u{E9} \u{200B} \u{1F600}".firstControlCharacter(multiline: false), "format characters and emoji are text")
        var errors = FieldErrors()
        errors.refuseControlCharacters("a\u{1B}b", "title", "Title")
        XCTAssertEqual(errors.errors, [FieldError("title", "Title contains a line break or control character (U+001B), which cannot be saved: remove it")])
    }

    func testPasswordsFitWhatBcryptReads() {
        XCTAssertNil(PasswordRules.problem(with: String(repeating: "a", count: 72)))
        XCTAssertNotNil(PasswordRules.problem(with: String(repeating: "a", count: 73)))
        XCTAssertNil(PasswordRules.problem(with: String(repeating: "\u{E9}", count: 36)))
        XCTAssertNotNil(PasswordRules.problem(with: String(repeating: "\u{E9}", count: 37)), "74 bytes")
        XCTAssertNotNil(PasswordRules.problem(with: "short"))
    }

    func testAuditDiffListsOnlyChangedFields() {
        let changes = FieldChange.between([("Title", "Old"), ("Budget", nil), ("Stage", "Delivery")],
                                          [("Title", "New"), ("Budget", "£5"), ("Stage", "Delivery")])
        XCTAssertEqual(changes, [FieldChange(field: "Title", old: "Old", new: "New"), FieldChange(field: "Budget", old: nil, new: "£5")])
    }

    func testThrottleLocksAfterTheLimitAndForgetsAfterTheWindow() {
        let policy = SignInThrottlePolicy(accountFailures: 3, addressFailures: 10, window: 600, lockout: 900)
        let start = Date(timeIntervalSince1970: 0)
        var counter: SignInThrottlePolicy.Counter?
        for attempt in 1...3 {
            counter = policy.afterFailure(counter, key: .account("a@b.c"), now: start.addingTimeInterval(Double(attempt)))
        }
        XCTAssertEqual(policy.lockedUntil(counter, now: start.addingTimeInterval(10)), start.addingTimeInterval(903))
        XCTAssertNil(policy.lockedUntil(counter, now: start.addingTimeInterval(904)))
        let fresh = policy.afterFailure(counter, key: .account("a@b.c"), now: start.addingTimeInterval(2_000))
        XCTAssertEqual(fresh.failures, 1)
        XCTAssertNil(fresh.lockedUntil)
        XCTAssertEqual(SignInThrottlePolicy.Key.account("A@B.C").storageKey, "account:a@b.c")
    }

    func testTextWrittenByHandMatchesFoundation() {
        for _ in 0..<200 {
            let id = UUID()
            XCTAssertEqual(id.lowercasedText, id.uuidString.lowercased())
            var upper: [UInt8] = []
            id.appendText(uppercase: true, to: &upper)
            XCTAssertEqual(String(decoding: upper, as: UTF8.self), id.uuidString)
            XCTAssertEqual(UUID(text: id.uuidString), id)
            XCTAssertEqual(UUID(text: id.lowercasedText), id)
        }
        // What Foundation refuses, the hand-written parser refuses too.
        let good = "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"
        for bad in ["", String(good.dropLast()), good + "0", good + "-", "6BA7B8109-DAD-11D1-80B4-00C04FD430C8",
                    "6BA7B810-9DAD-11D1-80B4-00C04FD430CG", "6BA7B810_9DAD_11D1_80B4_00C04FD430C8",
                    "{6BA7B810-9DAD-11D1-80B4-00C04FD430C}"] {
            XCTAssertNil(UUID(uuidString: bad), bad)
            XCTAssertNil(UUID(text: bad), bad)
        }
        // Foundation's `sscanf` skips leading spaces; ids Waymark stores have none, and it is stricter.
        XCTAssertNil(UUID(text: " " + good.dropLast()))
        XCTAssertEqual(UUID(text: good), UUID(uuidString: good))
        XCTAssertEqual(CalendarDate("2026-01-09")?.description, "2026-01-09")
        XCTAssertEqual(CalendarDate("2026-12-31")?.description, "2026-12-31")
        XCTAssertEqual(CalendarDate.pad(7, 2), "07")
        XCTAssertEqual(CalendarDate.pad(12_345, 2), "12345")
        XCTAssertEqual(CalendarDate.pad(-5, 3), "-005")
    }
}
