import Foundation

/// Every measure's kept summary, held in memory while no measure changes (a new observation
/// changes its measure's summary, so it counts): what the icon summary pages through. The three
/// orders it offers are worked out once, when it is read; each request then walks one of them
/// and keeps the measures of the projects its reader may read (asked of the portfolio index once
/// per project), filtered by the query.
public struct PortfolioMeasures: Sendable {
    public struct Item: Equatable, Sendable {
        public var measureID: UUID
        public var number: Int
        public var name: String
        public var unit: String
        public var direction: ImprovementDirection
        public var projectID: UUID
        /// The project's code as the measure keeps it (for the orders; a page shows the index's).
        public var projectCode: String
        public var summary: MeasureSummary

        public init(measureID: UUID, number: Int, name: String, unit: String, direction: ImprovementDirection, projectID: UUID,
                    projectCode: String, summary: MeasureSummary) {
            self.measureID = measureID
            self.number = number
            self.name = name
            self.unit = unit
            self.direction = direction
            self.projectID = projectID
            self.projectCode = projectCode
            self.summary = summary
        }
    }

    public let generation: Int64
    private let items: [Item]
    private let projects: ProjectSlots
    private let orders: [MeasureSummaryQuery.Sort: [Int32]]
    /// What a query filters on, by item, apart from the items: a request walks every measure, and
    /// copying each item (its names, its recent values) to look at two icons cost more than the rest.
    private let variations: [SPCVariation?]
    private let assurances: [SPCAssurance?]
    /// By item, what a page wrote of it (see `MeasureSummaryLine.renderedCells`).
    private let rendered: [Memo<String>]

    public init(generation: Int64, items: [Item]) {
        self.generation = generation
        self.items = items
        projects = ProjectSlots(items.lazy.map(\.projectID))
        variations = items.map(\.summary.variation)
        assurances = items.map(\.summary.assurance)
        rendered = items.map { _ in Memo() }
        let byProject = items.indices.sorted { a, b in
            Self.precedes(items[a].projectCode, items[a].number, items[b].projectCode, items[b].number)
        }
        let ranks = items.map(\.summary.attentionRank)
        let names = items.map { $0.name.lowercased() }
        var place = [Int](repeating: 0, count: items.count)
        for (position, index) in byProject.enumerated() { place[index] = position }
        orders = [
            .project: byProject.map(Int32.init),
            .attention: items.indices.sorted { a, b in
                ranks[a] != ranks[b] ? ranks[a] < ranks[b] : place[a] < place[b]
            }.map(Int32.init),
            .name: items.indices.sorted { a, b in
                names[a] != names[b] ? names[a] < names[b] : place[a] < place[b]
            }.map(Int32.init),
        ]
    }

    private static func precedes(_ codeA: String, _ numberA: Int, _ codeB: String, _ numberB: Int) -> Bool {
        codeA != codeB ? codeA < codeB : numberA < numberB
    }

    /// One page of the measures of the projects `readable` holds that the query selects, in its order.
    public func page(_ query: MeasureSummaryQuery, readable: ReadableProjects) -> Page<MeasureSummaryLine> {
        let admitted = projects.admitted(by: readable)
        let slots = projects.slots
        var total = 0
        var lines: [MeasureSummaryLine] = []
        let first = query.page.offset, end = query.page.offset + query.page.perPage
        // The project asked for, as a slot (-2: one with no measures, so nothing is found).
        let project = query.projectID.map { id in projects.projectIDs.firstIndex(of: id).map(Int32.init) ?? -2 }
        for index in orders[query.sort] ?? [] {
            let slot = slots[Int(index)]
            guard let entry = admitted[Int(slot)] else { continue }
            if let project, slot != project { continue }
            if let variation = query.variation, variations[Int(index)] != variation { continue }
            if let assurance = query.assurance, assurances[Int(index)] != assurance { continue }
            if let organisation = query.organisationID, entry.summary.leadOrganisationID != organisation { continue }
            if let programme = query.programmeID, entry.summary.programmeID != programme { continue }
            if total >= first && total < end {
                let item = items[Int(index)]
                lines.append(MeasureSummaryLine(
                    measureID: item.measureID, reference: "M\(item.number)", name: item.name, unit: item.unit, direction: item.direction,
                    projectID: item.projectID, projectCode: entry.summary.code, projectTitle: entry.summary.title, summary: item.summary,
                    renderedCells: rendered[Int(index)]))
            }
            total += 1
        }
        return Page(items: lines, request: query.page, total: total)
    }
}
