import Foundation

/// Every benefit of the portfolio, whole (its linked measures and cash by year too), held in memory
/// while no benefit changes: what the benefits register pages through and totals. Kept in the
/// register's order, by project code and number; each request keeps the benefits of the projects
/// its reader may read (asked of the portfolio index once per project) that its query selects,
/// and sums their cash-releasing value over all of them, not only the page's.
public struct PortfolioBenefits: Sendable {
    public let generation: Int64
    private let benefits: [Benefit]
    private let projects: ProjectSlots

    /// `benefits` with the project codes they keep, in any order.
    public init(generation: Int64, benefits: [(benefit: Benefit, projectCode: String)]) {
        self.generation = generation
        let ordered = benefits.sorted { a, b in
            a.projectCode != b.projectCode ? a.projectCode < b.projectCode : a.benefit.number < b.benefit.number
        }
        self.benefits = ordered.map(\.benefit)
        projects = ProjectSlots(self.benefits.lazy.map(\.projectID))
    }

    public var count: Int { benefits.count }

    /// By year, then organisation name (then id, so two of one name keep one order).
    private static func yearThenOrganisation(_ a: BenefitCashTotal, _ b: BenefitCashTotal) -> Bool {
        if a.year != b.year { return a.year < b.year }
        let nameA = a.organisationName ?? "", nameB = b.organisationName ?? ""
        if nameA != nameB { return nameA < nameB }
        return (a.organisationID?.uuidString ?? "") < (b.organisationID?.uuidString ?? "")
    }

    public func register(_ query: BenefitRegisterQuery, readable: ReadableProjects) -> BenefitRegister {
        let admitted = projects.admitted(by: readable)
        let slots = projects.slots
        var total = 0
        var lines: [BenefitRegisterLine] = []
        let first = query.page.offset, end = query.page.offset + query.page.perPage
        struct Key: Hashable { var year: Int; var organisationID: UUID }
        var sums: [Key: (name: String, planned: Double, realised: Double)] = [:]
        for (index, benefit) in benefits.enumerated() {
            guard let entry = admitted[Int(slots[index])] else { continue }
            let project = entry.summary
            if let organisation = query.organisationID, project.leadOrganisationID != organisation { continue }
            if let programme = query.programmeID, project.programmeID != programme { continue }
            if let status = query.projectStatus, project.status != status { continue }
            if let category = query.category, benefit.fields.category != category { continue }
            if let status = query.status, benefit.fields.status != status { continue }
            if total >= first && total < end {
                lines.append(BenefitRegisterLine(benefit: benefit, projectCode: project.code, projectTitle: project.title,
                                                 projectStatus: project.status, organisationName: project.leadOrganisationName))
            }
            total += 1
            for cash in benefit.fields.cash {
                let key = Key(year: cash.year.startYear, organisationID: project.leadOrganisationID)
                var sum = sums[key] ?? (project.leadOrganisationName, 0, 0)
                sum.planned += cash.planned
                sum.realised += cash.realised ?? 0
                sums[key] = sum
            }
        }
        let byOrganisation: [BenefitCashTotal] = sums.map { key, sum in
            BenefitCashTotal(year: FinancialYear(startYear: key.year), organisationID: key.organisationID, organisationName: sum.name,
                             planned: sum.planned, realised: sum.realised)
        }.sorted(by: Self.yearThenOrganisation)
        var byYear: [BenefitCashTotal] = []
        for total in byOrganisation {
            if byYear.last?.year == total.year {
                byYear[byYear.count - 1].planned += total.planned
                byYear[byYear.count - 1].realised += total.realised
            } else {
                byYear.append(BenefitCashTotal(year: total.year, organisationID: nil, organisationName: nil,
                                               planned: total.planned, realised: total.realised))
            }
        }
        return BenefitRegister(page: Page(items: lines, request: query.page, total: total), totalsByYear: byYear,
                               totalsByOrganisation: byOrganisation)
    }
}
