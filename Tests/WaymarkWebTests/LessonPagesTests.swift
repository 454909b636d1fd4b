import Foundation
import Vapor
import WaymarkDomain
@testable import WaymarkStore
import WaymarkTestSupport
@testable import WaymarkWeb
import XCTest

/// The lessons log on both databases: recording (bad input, stale saves, who may delete), the
/// search across projects and learn before following each project's visibility (nothing of a
/// project a person may not read is listed, counted or offered), marking lessons reviewed, the
/// portfolio office's view of early projects, and the API.
final class LessonPagesTests: XCTestCase {
    func lesson(_ title: String, _ recommendation: String, tags: [String] = []) -> LessonFields {
        LessonFields(title: title, happened: "", why: "", outcome: .repeatIt, recommendation: recommendation, phase: .after,
                     technique: .retrospect, learnedOn: CalendarDate("2026-05-01")!, tags: tags)
    }

    func testATeamRecordsItsLessonsAndOnlyTheRightPeopleChangeThem() async throws {
        try await withServer { server, world, database in
            let project = world.projects[.system]!
            let path = "/projects/\(project.id.lowercasedText)"
            let teammate = server.client()
            try await teammate.signIn("teammate@test.example")
            let form = try await teammate.get(path + "/lessons/new")
            XCTAssertEqual(form.status, .ok, "[\(database)]")
            let refused = try await teammate.post(path + "/lessons", [("title", "Agree the data first"), ("recommendation", " "),
                                                                      ("learnedOn", "2099-01-01"), ("phase", "after"),
                                                                      ("technique", "retrospect"), ("tags", "data")], csrf: form.csrfToken)
            XCTAssertEqual(refused.status, .unprocessableEntity, "[\(database)]")
            XCTAssertTrue(refused.body.contains("Say what others should do, or not do, because of it"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("Select whether to repeat or avoid what was done"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("The date learnt cannot be in the future"), "[\(database)]")
            XCTAssertTrue(refused.body.contains("value=\"Agree the data first\""), "[\(database)] the input is kept")
            let none = try await server.app.store.lessons(ofProject: project.id)
            XCTAssertTrue(none.isEmpty, "[\(database)] nothing saved")

            let created = try await teammate.post(path + "/lessons", [
                ("title", "Agree the data first"), ("happened", "Two baselines."), ("outcome", "avoid"),
                ("recommendation", "Agree one data source before the baseline."), ("learnedOn", "2026-05-01"), ("phase", "before"),
                ("technique", "peer-assist"), ("tags", "data, Winter")], csrf: form.csrfToken)
            XCTAssertEqual(created.status, .seeOther, "[\(database)] \(created.body)")
            let saved = try await server.app.store.lessons(ofProject: project.id)
            let lesson = try XCTUnwrap(saved.first)
            XCTAssertEqual(lesson.reference, "L1", "[\(database)]")
            XCTAssertEqual(lesson.fields.tags, ["data", "Winter"], "[\(database)]")
            let page = try await teammate.get("/lessons/\(lesson.id.lowercasedText)?notice=created")
            XCTAssertTrue(page.body.contains("The lesson was recorded."), "[\(database)]")
            XCTAssertTrue(page.body.contains("Avoid: it did not work"), "[\(database)]")
            XCTAssertFalse(page.body.contains("Delete lesson"), "[\(database)] a team member does not delete")
            let log = try await teammate.get(path + "/lessons")
            XCTAssertTrue(log.body.contains("L1 Agree the data first"), "[\(database)]")
            let history = try await teammate.get(path + "/history")
            XCTAssertTrue(history.body.contains("Recorded lesson L1 Agree the data first"), "[\(database)]")

            let edit = try await teammate.get("/lessons/\(lesson.id.lowercasedText)/edit")
            let changed = try await teammate.post("/lessons/\(lesson.id.lowercasedText)/edit", [
                ("version", "1"), ("title", "Agree one data source first"), ("outcome", "avoid"),
                ("recommendation", "Agree one data source before the baseline."), ("learnedOn", "2026-05-01"), ("phase", "before"),
                ("technique", "peer-assist"), ("tags", "data")], csrf: edit.csrfToken)
            XCTAssertEqual(changed.status, .seeOther, "[\(database)]")
            let stale = try await teammate.post("/lessons/\(lesson.id.lowercasedText)/edit", [
                ("version", "1"), ("title", "Overwritten"), ("outcome", "avoid"), ("recommendation", "x"), ("learnedOn", "2026-05-01")],
                csrf: edit.csrfToken)
            XCTAssertEqual(stale.status, .conflict, "[\(database)]")
            let kept = try await server.app.store.lesson(lesson.id)
            XCTAssertEqual(kept?.fields.title, "Agree one data source first", "[\(database)]")

            let deniedDelete = try await teammate.post("/lessons/\(lesson.id.lowercasedText)/delete", [], csrf: edit.csrfToken)
            XCTAssertEqual(deniedDelete.status, .forbidden, "[\(database)]")
            let viewer = server.client()
            try await viewer.signIn("viewer-lead@test.example")
            let viewerForm = try await viewer.get(path + "/lessons/new")
            XCTAssertEqual(viewerForm.status, .forbidden, "[\(database)] a viewer records nothing")
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let confirm = try await office.get("/lessons/\(lesson.id.lowercasedText)/delete")
            XCTAssertEqual(confirm.status, .ok, "[\(database)]")
            let deleted = try await office.post("/lessons/\(lesson.id.lowercasedText)/delete", [], csrf: confirm.csrfToken)
            XCTAssertEqual(deleted.status, .seeOther, "[\(database)]")
            let gone = try await server.app.store.lesson(lesson.id)
            XCTAssertNil(gone, "[\(database)]")
        }
    }

    func testLessonsAreSearchedAndOfferedOnlyFromProjectsAPersonMayRead() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let open = try await store.createLesson(projectID: world.projects[.system]!.id,
                                                    fields: lesson("Plan the organisation's change early", "Start with the people affected."),
                                                    by: .system)
            let hidden = try await store.createLesson(projectID: world.projects[.team]!.id,
                                                      fields: lesson("Team-only organisation lesson", "Keep it among the team."), by: .system)
            let early = world.projects[.organisation]!
            let earlyPath = "/projects/\(early.id.lowercasedText)"

            // Someone of another organisation reads only the system-wide project: one lesson, the other never shown or counted.
            let outsider = server.client()
            try await outsider.signIn("member-other@test.example")
            let search = try await outsider.get("/lessons")
            XCTAssertTrue(search.body.contains("1 lesson, the latest learnt first"), "[\(database)]")
            XCTAssertTrue(search.body.contains("Plan the organisation"), "[\(database)]")
            XCTAssertFalse(search.body.contains("Team-only"), "[\(database)]")
            let searched = try await outsider.get("/lessons?q=team-only")
            XCTAssertTrue(searched.body.contains("No lesson matches."), "[\(database)]")
            let hiddenPage = try await outsider.get("/lessons/\(hidden.id.lowercasedText)")
            XCTAssertEqual(hiddenPage.status, .notFound, "[\(database)]")
            let bad = try await outsider.get("/lessons?phase=sometime")
            XCTAssertEqual(bad.status, .badRequest, "[\(database)]")
            XCTAssertTrue(bad.body.contains("Select when in the work from the list"), "[\(database)]")
            let api = server.client()
            api.bearer = try await apiToken(server, "member-other@test.example")
            let listed = try await api.get("/api/v1/lessons?q=organisation")
            XCTAssertEqual(listed.jsonObject["total"] as? Int, 1, "[\(database)]")

            // The team sees both projects' lessons offered to the early project; the portfolio office
            // (which does not read team-only projects) is offered only the open one.
            let teammate = server.client()
            try await teammate.signIn("teammate@test.example")
            let offered = try await teammate.get(earlyPath + "/lessons")
            XCTAssertTrue(offered.body.contains("This project is in its first stages"), "[\(database)]")
            XCTAssertTrue(offered.body.contains("Plan the organisation"), "[\(database)]")
            XCTAssertTrue(offered.body.contains("Team-only organisation lesson"), "[\(database)]")
            XCTAssertTrue(offered.body.contains("the words organisation"), "[\(database)] why it is offered")
            let office = server.client()
            try await office.signIn("portfolio@test.example")
            let officeView = try await office.get(earlyPath + "/lessons")
            XCTAssertTrue(officeView.body.contains("Plan the organisation"), "[\(database)]")
            XCTAssertFalse(officeView.body.contains("Team-only"), "[\(database)] never offered what the person may not read")

            // The team marks the open lesson reviewed; the project page and the office's view say so.
            let overview = try await teammate.get(earlyPath)
            XCTAssertTrue(overview.body.contains("The team has not yet reviewed what other projects learnt."), "[\(database)]")
            let reviewed = try await teammate.post(earlyPath + "/lesson-reviews", [("lessonId", open.id.lowercasedText)],
                                                   csrf: offered.csrfToken)
            XCTAssertEqual(reviewed.status, .seeOther, "[\(database)]")
            let again = try await teammate.post(earlyPath + "/lesson-reviews", [("lessonId", open.id.lowercasedText)], csrf: offered.csrfToken)
            XCTAssertEqual(again.status, .seeOther, "[\(database)] a second review changes nothing")
            let after = try await teammate.get(earlyPath + "/lessons?notice=reviewed")
            XCTAssertTrue(after.body.contains("The lesson is marked as reviewed by the team."), "[\(database)]")
            XCTAssertTrue(after.body.contains("by teammate"), "[\(database)]")
            XCTAssertTrue(after.body.contains("Withdraw the review"), "[\(database)]")
            let counted = try await teammate.get(earlyPath)
            XCTAssertTrue(counted.body.contains("The team has reviewed 1 lesson from other projects."), "[\(database)]")
            let initiation = try await office.get("/lessons/learning-before")
            XCTAssertEqual(initiation.status, .ok, "[\(database)]")
            XCTAssertTrue(initiation.body.contains("1 of 2 have reviewed lessons from elsewhere."), "[\(database)] the system and organisation projects")
            let denied = try await teammate.get("/lessons/learning-before")
            XCTAssertEqual(denied.status, .forbidden, "[\(database)]")
            let history = try await teammate.get(earlyPath + "/history")
            XCTAssertTrue(history.body.contains("Reviewed another project&#39;s lesson: Plan the organisation") ||
                          history.body.contains("Reviewed another project's lesson: Plan the organisation"), "[\(database)]")

            // Only those who may change the project mark reviews; no one reviews a lesson they may not read.
            let reader = server.client()
            try await reader.signIn("member-lead@test.example")
            let readerPage = try await reader.get(earlyPath + "/lessons")
            XCTAssertFalse(readerPage.body.contains("Mark as reviewed"), "[\(database)]")
            let readerPost = try await reader.post(earlyPath + "/lesson-reviews", [("lessonId", open.id.lowercasedText)], csrf: readerPage.csrfToken)
            XCTAssertEqual(readerPost.status, .forbidden, "[\(database)]")
            let officeHidden = try await office.post(earlyPath + "/lesson-reviews", [("lessonId", hidden.id.lowercasedText)],
                                                     csrf: officeView.csrfToken)
            XCTAssertEqual(officeHidden.status, .notFound, "[\(database)]")

            let withdrawn = try await teammate.post(earlyPath + "/lesson-reviews/\(open.id.lowercasedText)/withdraw", [], csrf: offered.csrfToken)
            XCTAssertEqual(withdrawn.status, .seeOther, "[\(database)]")
            let reviews = try await store.lessonReviews(ofProject: early.id)
            XCTAssertTrue(reviews.isEmpty, "[\(database)]")

            // Lessons are compared from memory; a change made at a SQL prompt reaches what is offered,
            // and who may read a lesson follows its project's visibility as it is now.
            try await store.run("UPDATE lessons SET title = 'Organisation lesson reworded at a prompt' WHERE id = \(bind: hidden.id)")
            let reworded = try await teammate.get(earlyPath + "/lessons")
            XCTAssertTrue(reworded.body.contains("Organisation lesson reworded at a prompt"), "[\(database)]")
            let stillHidden = try await office.get(earlyPath + "/lessons")
            XCTAssertFalse(stillHidden.body.contains("reworded at a prompt"), "[\(database)]")
            try await store.run("UPDATE projects SET visibility = 'system' WHERE id = \(bind: world.projects[.team]!.id)")
            let opened = try await office.get(earlyPath + "/lessons")
            XCTAssertTrue(opened.body.contains("Organisation lesson reworded at a prompt"), "[\(database)] its project is now open to all")
            try await store.run("DELETE FROM lessons WHERE id = \(bind: hidden.id)")
            let deleted = try await office.get(earlyPath + "/lessons")
            XCTAssertFalse(deleted.body.contains("reworded at a prompt"), "[\(database)]")
        }
    }

    func testTheAPIKeepsLessonsAndLearnsBefore() async throws {
        try await withServer { server, world, database in
            let store = server.app.store
            let early = world.projects[.organisation]!
            let other = world.projects[.system]!
            let api = server.client()
            api.bearer = try await apiToken(server, "teammate@test.example")
            let invalid = try await api.json(.POST, "/api/v1/projects/\(other.id.lowercasedText)/lessons", [
                "title": "Agree the organisation's data first", "outcome": "avoid", "recommendation": "One source.", "learnedOn": "2026-05-01",
                "tags": ["a,b"],
            ])
            XCTAssertEqual(invalid.status, .unprocessableEntity, "[\(database)]")
            let created = try await api.json(.POST, "/api/v1/projects/\(other.id.lowercasedText)/lessons", [
                "title": "Agree the organisation's data first", "outcome": "avoid", "recommendation": "One source.", "learnedOn": "2026-05-01",
                "tags": ["data"], "phase": "before", "technique": "peer-assist",
            ])
            XCTAssertEqual(created.status, .created, "[\(database)] \(created.body)")
            let id = try XCTUnwrap(created.jsonObject["id"] as? String)
            XCTAssertEqual(created.jsonObject["tags"] as? [String], ["data"], "[\(database)]")
            let changed = try await api.json(.PATCH, "/api/v1/lessons/\(id)", ["why": "Each partner timed a different event.", "version": 1])
            XCTAssertEqual(changed.status, .ok, "[\(database)]")
            XCTAssertEqual(changed.jsonObject["tags"] as? [String], ["data"], "[\(database)] absent members keep their value")

            let suggestions = try await api.get("/api/v1/projects/\(early.id.lowercasedText)/lesson-suggestions")
            XCTAssertEqual(suggestions.status, .ok, "[\(database)]")
            XCTAssertEqual(suggestions.jsonObject["earlyStage"] as? Bool, true, "[\(database)]")
            let items = try XCTUnwrap(suggestions.jsonObject["items"] as? [[String: Any]])
            XCTAssertEqual(items.first?["id"] as? String, id, "[\(database)]")
            XCTAssertEqual(items.first?["sharedWords"] as? [String], ["organisation"], "[\(database)]")
            XCTAssertEqual(items.first?["reviewed"] as? Bool, false, "[\(database)]")

            let own = try await api.json(.POST, "/api/v1/projects/\(other.id.lowercasedText)/lesson-reviews", ["lessonId": id])
            XCTAssertEqual(own.status, .unprocessableEntity, "[\(database)] a project's own lesson")
            XCTAssertEqual((own.jsonObject["errors"] as? [[String: Any]])?.first?["kind"] as? String, "rule", "[\(database)]")
            let review = try await api.json(.POST, "/api/v1/projects/\(early.id.lowercasedText)/lesson-reviews", ["lessonId": id])
            XCTAssertEqual(review.status, .created, "[\(database)] \(review.body)")
            XCTAssertEqual(review.jsonObject["reviewerName"] as? String, "teammate", "[\(database)]")
            let count = try await store.lessonReviews(ofProject: early.id).count
            XCTAssertEqual(count, 1, "[\(database)]")
            let withdrawn = try await api.request(.DELETE, "/api/v1/projects/\(early.id.lowercasedText)/lesson-reviews/\(id)")
            XCTAssertEqual(withdrawn.status, .noContent, "[\(database)]")

            let denied = try await api.request(.DELETE, "/api/v1/lessons/\(id)")
            XCTAssertEqual(denied.status, .forbidden, "[\(database)] a team member does not delete")
            let admin = server.client()
            admin.bearer = try await apiToken(server, "admin@test.example")
            let deleted = try await admin.request(.DELETE, "/api/v1/lessons/\(id)")
            XCTAssertEqual(deleted.status, .noContent, "[\(database)]")
        }
    }
}
