import Foundation

/// Every benefit of the portfolio, whole (its linked measures and cash by year too), held in memory
/// while no benefit changes: what the benefits register pages through and totals. Kept in the
/// register's order, by project code and number; each request keeps the benefits of the projects
/// its reader may read (asked of the portfolio index once per project) that its query selects,
/// and sums their cash-releasing value over all of them, not only the page's.
public struct PortfolioBenefits: Sendable {
    public let generation: Int64
    private let benefits: [Benefit]
    /// Every benefit held, by project code and number.
    public var all: [Benefit] { benefits }
    private let projects: ProjectSlots
    /// What a query filters and sums, by benefit, apart from the benefits (copying each whole
    /// benefit to look at these cost more than the rest of a request).
    private let categories: [BenefitCategory]
    private let statuses: [BenefitStatus]
    private let cash: [[BenefitCash]]
    /// By benefit, what a page wrote of it (see `BenefitRegisterLine.renderedCells`).
    private let rendered: [Memo<(before: String, after: String)>]
    /// The first financial year any benefit plans cash in, and how many years from it to the last.
    private let firstYear: Int
    private let years: Int

    /// `benefits` with the project codes they keep, in any order.
    public init(generation: Int64, benefits: [(benefit: Benefit, projectCode: String)]) {
        self.generation = generation
        let ordered = benefits.sorted { a, b in
            a.projectCode != b.projectCode ? a.projectCode < b.projectCode : a.benefit.number < b.benefit.number
        }
        self.benefits = ordered.map(\.benefit)
        projects = ProjectSlots(self.benefits.lazy.map(\.projectID))
        categories = self.benefits.map(\.fields.category)
        statuses = self.benefits.map(\.fields.status)
        cash = self.benefits.map(\.fields.cash)
        rendered = self.benefits.map { _ in Memo() }
        let starts = cash.joined().map(\.year.startYear)
        firstYear = starts.min() ?? 0
        years = (starts.max() ?? -1) - firstYear + 1
    }

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
        // Sums by organisation (numbered as first met) and year, in one flat array: a cash row
        // costs two additions, not a hash. Each project's organisation is looked up once.
        var organisationOf = [Int32](repeating: -1, count: projects.projectIDs.count)
        var numbers: [UUID: Int32] = [:]
        var organisations: [(id: UUID, name: String)] = []
        var planned: [Double] = [], realised: [Double] = [], counted: [Bool] = []
        for index in benefits.indices {
            // The entry's fields are read where they are: copying its summary for each benefit
            // would cost a retain of every one of its strings.
            let slot = Int(slots[index])
            guard let entry = admitted[slot] else { continue }
            if let category = query.category, categories[index] != category { continue }
            if let status = query.status, statuses[index] != status { continue }
            if let organisation = query.organisationID, entry.summary.leadOrganisationID != organisation { continue }
            if let programme = query.programmeID, entry.summary.programmeID != programme { continue }
            if let status = query.projectStatus, entry.summary.status != status { continue }
            if total >= first && total < end {
                lines.append(BenefitRegisterLine(benefit: benefits[index], projectCode: entry.summary.code, projectTitle: entry.summary.title,
                                                 projectStatus: entry.summary.status, organisationName: entry.summary.leadOrganisationName,
                                                 renderedCells: rendered[index]))
            }
            total += 1
            guard !cash[index].isEmpty else { continue }
            if organisationOf[slot] < 0 {
                let id = entry.summary.leadOrganisationID
                if let number = numbers[id] {
                    organisationOf[slot] = number
                } else {
                    organisationOf[slot] = Int32(organisations.count)
                    numbers[id] = Int32(organisations.count)
                    organisations.append((id, entry.summary.leadOrganisationName))
                    planned += repeatElement(0, count: years)
                    realised += repeatElement(0, count: years)
                    counted += repeatElement(false, count: years)
                }
            }
            let base = Int(organisationOf[slot]) * years - firstYear
            for cash in cash[index] {
                planned[base + cash.year.startYear] += cash.planned
                realised[base + cash.year.startYear] += cash.realised ?? 0
                counted[base + cash.year.startYear] = true
            }
        }
        var byOrganisation: [BenefitCashTotal] = []
        for (number, organisation) in organisations.enumerated() {
            for year in 0..<years where counted[number * years + year] {
                byOrganisation.append(BenefitCashTotal(
                    year: FinancialYear(startYear: firstYear + year), organisationID: organisation.id, organisationName: organisation.name,
                    planned: planned[number * years + year], realised: realised[number * years + year]))
            }
        }
        byOrganisation.sort(by: Self.yearThenOrganisation)
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
