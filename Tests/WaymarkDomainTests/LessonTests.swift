import Foundation
@testable import WaymarkDomain
import XCTest

/// A lesson's checks, and learn before's ranking on a fixed set with its exact order.
final class LessonTests: XCTestCase {
    let today = CalendarDate("2026-12-04")!

    func testEveryProblemIsNamedAtOnce() {
        var input = LessonInput()
        input.title = ""
        input.recommendation = " "
        input.phase = "sometime"
        input.technique = "guesswork"
        input.learnedOn = "2027-01-01"
        input.themeIDs = UUID().uuidString
        input.tags = String(repeating: "x", count: 41)
        XCTAssertThrowsError(try LessonFields.validate(input, themes: [], today: today)) { error in
            let failure = error as? ValidationFailure
            XCTAssertEqual(Set(failure?.errors.map(\.field) ?? []),
                           ["title", "recommendation", "outcome", "phase", "technique", "learnedOn", "themeIds", "tags"])
            XCTAssertEqual(failure?.message(for: "learnedOn"), "The date learnt cannot be in the future")
            XCTAssertEqual(failure?.message(for: "outcome"), "Select whether to repeat or avoid what was done")
            XCTAssertEqual(failure?.errors.first { $0.field == "themeIds" }?.kind, .reference)
        }
        input = LessonInput()
        input.title = "Agree the data first"
        input.recommendation = "Agree one data source."
        input.outcome = "repeat"
        input.learnedOn = "2026-06-01"
        input.tags = "Winter, winter , data"
        let fields = try? LessonFields.validate(input, themes: [], today: today)
        XCTAssertEqual(fields?.tags, ["Winter", "data"])
        XCTAssertEqual(fields?.phase, .during)
        XCTAssertEqual(fields?.technique, .other)
        XCTAssertEqual(fields.flatMap { try? LessonFields.validate(LessonInput(showing: $0), themes: [], today: today) }, fields)
    }

    func testLearnBeforeRanksByThemesTagsWordsAndKindInAKnownOrder() {
        let first = UUID(), second = UUID(), own = UUID()
        func line(_ code: String, themes: [UUID] = [], tags: [String] = [], kind: OrganisationKind = .acuteTrust, text: String,
                  learned: String = "2026-01-10", project: UUID = UUID()) -> LessonLine {
            let fields = LessonFields(title: text, outcome: .repeatIt, recommendation: "", phase: .after, technique: .retrospect,
                                      learnedOn: CalendarDate(learned)!, themeIDs: themes, tags: tags)
            return LessonLine(lesson: Lesson(id: UUID(), projectID: project, number: 1, fields: fields, version: 1, createdAt: Date(), updatedAt: Date()),
                              projectCode: code, projectTitle: code, organisationID: UUID(), organisationName: "Org", organisationKind: kind)
        }
        let project = LearnBefore.Project(id: own, themeIDs: [first, second], tags: ["winter"], organisationKind: .acuteTrust,
                                          text: "Reduce discharge delays on frail wards")
        let a = line("A", themes: [first], text: "Something unrelated entirely")                              // 3 + 1 = 4
        let b = line("B", themes: [first, second], tags: ["Winter"], kind: .communityTrust, text: "Discharge delays") // 6 + 2 + 4 × 2/5 = 9.6
        let c = line("C", text: "frail wards: discharge")                                                     // 4 × 3/5 + 1 = 3.4
        let d = line("D", text: "Nothing in common here")                                                     // same kind only: not offered
        let e = line("E", themes: [first], text: "Reduce discharge delays", project: own)                     // its own: not offered
        let f = line("F", themes: [second], kind: .localAuthority, text: "Unrelated", learned: "2026-06-01")   // 3
        let g = line("G", themes: [first], text: "Something unrelated entirely", learned: "2026-03-01")       // 4, newer than A
        let ranked = LearnBefore.rank([a, b, c, d, e, f, g], for: project)
        XCTAssertEqual(ranked.map(\.line.projectCode), ["B", "G", "A", "C", "F"])
        XCTAssertEqual(ranked.map(\.score), [9.6, 4, 4, 3.4, 3].map { $0 }, accuracy: 1e-9)
        XCTAssertEqual(ranked[0].themeIDs, [first, second])
        XCTAssertEqual(ranked[0].tags, ["Winter"], "tags match whatever their case")
        XCTAssertEqual(ranked[0].words, ["delays", "discharge"])
        XCTAssertFalse(ranked[0].sameKindOfOrganisation)
        XCTAssertEqual(ranked[3].words, ["discharge", "frail", "wards"])
        XCTAssertEqual(LearnBefore.rank([a, b, c, d, e, f, g], for: project, limit: 2).map(\.line.projectCode), ["B", "G"])
    }

    /// The best ten, kept as the lessons are compared (passing over those that cannot beat the
    /// tenth before asking whether the reader may see them), are the first ten of every lesson
    /// ranked, on random corpora with lessons the reader may not see among them.
    func testKeepingTheBestTenAsItGoesIsTheSameAsRankingEveryLesson() {
        var state: UInt64 = 20261204
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let themes = (0..<5).map { _ in UUID() }
        let tags = ["winter", "Discharge", "data", "estates"]
        let vocabulary = ["discharge", "frail", "wards", "winter", "pressures", "digital", "records", "falls", "clinic", "referral", "waiting"]
        let kinds: [OrganisationKind] = [.acuteTrust, .communityTrust, .localAuthority]
        for round in 0..<20 {
            let projects = (0..<40).map { _ in UUID() }
            let lessons = (0..<400).map { index -> Lesson in
                let text = (0..<(1 + next(6))).map { _ in vocabulary[next(vocabulary.count)] }.joined(separator: " ")
                let fields = LessonFields(title: text, outcome: .repeatIt, recommendation: "", phase: .after, technique: .retrospect,
                                          learnedOn: CalendarDate("2026-0\(1 + next(9))-1\(next(10))")!,
                                          themeIDs: (0..<next(3)).map { _ in themes[next(themes.count)] },
                                          tags: next(2) == 0 ? [] : [tags[next(tags.count)]])
                return Lesson(id: UUID(), projectID: projects[next(projects.count)], number: index, fields: fields, version: 1,
                              createdAt: Date(), updatedAt: Date())
            }
            let corpus = LearnBefore.Corpus(lessons)
            let hidden = Set(projects.prefix(10))
            let codes = Dictionary(uniqueKeysWithValues: projects.map { ($0, "P\(next(15))") })
            let kindOf = Dictionary(uniqueKeysWithValues: projects.map { ($0, kinds[next(kinds.count)]) })
            let project = LearnBefore.Project(id: projects[39], themeIDs: Set(themes.prefix(2)), tags: ["winter", "data"],
                                              organisationKind: .acuteTrust, text: "Discharge of frail people from wards in winter")
            var asked = 0
            let admitting = { (candidate: LearnBefore.Candidate) -> (projectCode: String, organisationKind: OrganisationKind)? in
                asked += 1
                return hidden.contains(candidate.projectID) ? nil : (codes[candidate.projectID]!, kindOf[candidate.projectID]!)
            }
            let best = LearnBefore.rank(corpus, for: project, admitting: admitting, limit: 10)
            let askedForTen = asked
            asked = 0
            let every = LearnBefore.rank(corpus, for: project, admitting: admitting, limit: lessons.count)
            XCTAssertEqual(best.map(\.lessonID), every.prefix(10).map(\.lessonID), "round \(round)")
            XCTAssertEqual(best.count, 10, "round \(round)")
            XCTAssertLessThan(askedForTen, asked, "round \(round): fewer lessons looked up")
            let byID = Dictionary(uniqueKeysWithValues: lessons.map { ($0.id, $0) })
            XCTAssertFalse(every.contains { hidden.contains(byID[$0.lessonID]!.projectID) || byID[$0.lessonID]!.projectID == project.id },
                           "round \(round): nothing hidden, nothing of its own")
            // Every score as the definition gives it, worked from the lessons' own fields; every
            // lesson the reader may see with anything in common offered.
            let projectWords = LearnBefore.words(project.text)
            func relevance(_ lesson: Lesson) -> Double {
                let words = LearnBefore.words(lesson.fields.text)
                let union = projectWords.union(words).count
                return LearnBefore.themeWeight * Double(lesson.fields.themeIDs.filter(project.themeIDs.contains).count)
                    + LearnBefore.tagWeight * Double(lesson.fields.tags.filter { project.tags.contains($0.lowercased()) }.count)
                    + LearnBefore.textWeight * (union == 0 ? 0 : Double(projectWords.intersection(words).count) / Double(union))
            }
            for scored in every {
                let lesson = byID[scored.lessonID]!
                let kind = kindOf[lesson.projectID] == project.organisationKind ? LearnBefore.kindWeight : 0
                XCTAssertEqual(scored.score, relevance(lesson) + kind, accuracy: 1e-12, "round \(round)")
            }
            XCTAssertEqual(every.count, lessons.filter {
                !hidden.contains($0.projectID) && $0.projectID != project.id && relevance($0) > 0
            }.count, "round \(round)")
        }
    }

    func testWordsAreDistinctLongAndUncommon() {
        XCTAssertEqual(LearnBefore.words("The patients' discharge: DISCHARGE delays, with care and a plan."), ["discharge", "delays", "plan"])
    }

    /// The lessons search: every word somewhere in the lesson's fields, whatever its case, tags
    /// included; the filters; the reader's projects only; newest first, then project
    /// code and number; pages cut after the count.
    func testSearchFindsEveryWordInOneFieldNewestFirst() {
        let hidden = UUID(), shown = UUID(), other = UUID(), theme = UUID(), lead = UUID()
        func lesson(_ number: Int, project: UUID, title: String, why: String = "", tags: [String] = [], learned: String = "2026-01-10",
                    phase: LessonPhase = .after, themes: [UUID] = []) -> Lesson {
            Lesson(id: UUID(), projectID: project, number: number, fields: LessonFields(
                title: title, why: why, outcome: .repeatIt, recommendation: "", phase: phase, technique: .retrospect,
                learnedOn: CalendarDate(learned)!, themeIDs: themes, tags: tags), version: 1, createdAt: Date(), updatedAt: Date())
        }
        let lessons = [
            lesson(1, project: shown, title: "Ward ROUNDS at noon"),                                    // both words
            lesson(2, project: shown, title: "Ward huddles", why: "rounds slipped", learned: "2026-03-01"), // a word in each of two fields
            lesson(3, project: hidden, title: "Ward rounds in secret"),                                  // not the reader's
            lesson(1, project: other, title: "Rounds", tags: ["ward"], learned: "2026-03-01"),           // the tag
            lesson(4, project: shown, title: "Wardrounds", learned: "2025-12-01", phase: .before, themes: [theme]),
            lesson(5, project: shown, title: "Ward\nrounds"),                                            // a line break is space
        ]
        let corpus = LearnBefore.Corpus(lessons)
        let codes = [shown: "B-1", other: "A-1"]
        func search(_ query: LessonQuery) -> (numbers: [String], total: Int) {
            let found = LearnBefore.search(corpus, query, admitting: { projectID in codes[projectID].map { ($0, lead) } })
            let byID = Dictionary(uniqueKeysWithValues: lessons.map { ($0.id, "\(codes[$0.projectID] ?? "?")/\($0.number)") })
            return (found.ids.map { byID[$0]! }, found.total)
        }
        let words = search(LessonQuery(text: "  rounds WARD "))
        XCTAssertEqual(words.numbers, ["A-1/1", "B-1/2", "B-1/1", "B-1/5", "B-1/4"], "newest first, then code and number")
        XCTAssertEqual(words.total, 5)
        XCTAssertEqual(search(LessonQuery(text: "ward rounds")).numbers.count, 5, "the order of the words does not matter")
        XCTAssertEqual(search(LessonQuery(text: "ward rounds", page: PageRequest(page: 2, perPage: 2))).numbers, ["B-1/1", "B-1/5"])
        XCTAssertEqual(search(LessonQuery(text: "ward rounds", phase: .before)).numbers, ["B-1/4"])
        XCTAssertEqual(search(LessonQuery(themeID: theme)).numbers, ["B-1/4"])
        XCTAssertEqual(search(LessonQuery(organisationID: UUID())).total, 0)
        XCTAssertEqual(search(LessonQuery(organisationID: lead)).total, 5)
        XCTAssertEqual(search(LessonQuery(text: "secret")).total, 0, "a project the reader may not see")
        XCTAssertEqual(search(LessonQuery(text: "huddles slipped")).numbers, ["B-1/2"])
        XCTAssertEqual(search(LessonQuery(text: "noon huddles")).total, 0, "every word, not any")
        XCTAssertFalse(LearnBefore.contains(Array("ab".utf8), Array("abc".utf8)))
        XCTAssertTrue(LearnBefore.contains(Array("xxabc".utf8), Array("abc".utf8)))
        XCTAssertTrue(LearnBefore.contains(Array("aab".utf8), Array("ab".utf8)))
    }
}

private func XCTAssertEqual(_ actual: [Double], _ expected: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, file: file, line: line)
    for (a, e) in zip(actual, expected) { XCTAssertEqual(a, e, accuracy: accuracy, file: file, line: line) }
}
