import Foundation
import WaymarkDomain

/// The project's fields as the web layer shows them, each declared once. A free-text field's key,
/// label and rule come from `ProjectFields.texts`; here it gets its hint and the part of the
/// page it sits in. From these come the form's controls, the page's rows, the API's members
/// and schema, and the labels of the history (and of exports).
enum ProjectFieldDeclarations {
    /// Where a free-text field sits: beside the title and in the page's summary, or with the scope.
    enum Placement { case summary, scope }

    struct Text {
        let field: ProjectTextField
        let hint: String?
        let placement: Placement

        var key: String { field.key }
        var label: String { field.label }
    }

    static let texts: [Text] = ProjectFields.texts.map { field in
        switch field.key {
        case "summary": Text(field: field, hint: "What will be better, for whom, by how much and by when.", placement: .summary)
        case "scopeIn": Text(field: field, hint: nil, placement: .scope)
        case "scopeOut": Text(field: field, hint: nil, placement: .scope)
        case "objectives": Text(field: field, hint: nil, placement: .scope)
        case "expectedOutcome": Text(field: field, hint: "What will be different when the project succeeds, and the measures that will show it.",
                                     placement: .scope)
        default: preconditionFailure("ProjectFields.texts has \(field.key), which ProjectFieldDeclarations does not place")
        }
    }

    static func texts(_ placement: Placement) -> [Text] { texts.filter { $0.placement == placement } }

    /// The label of every field the project form, API and history name, by key.
    static let labels: [String: String] = Dictionary(uniqueKeysWithValues: texts.map { ($0.key, $0.label) } + [
        ("title", "Title"), ("leadOrganisationId", "Lead organisation"), ("partnerOrganisationIds", "Partner organisations"),
        ("programmeId", "Programme"), ("themeIds", "Strategic themes"), ("methodology", "Method"), ("stageId", "Lifecycle stage"),
        ("status", "Status"), ("startDate", "Start date"), ("endDate", "End date"), ("budgetPence", "Budget"), ("tags", "Tags"),
        ("visibility", "Visibility"),
    ])
}
