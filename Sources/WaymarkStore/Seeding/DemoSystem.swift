import Foundation
import WaymarkDomain

/// A fictional Integrated Care System, "Wessex Vale", loaded into an empty default database so
/// that Waymark can be judged on realistic data from the first start. Every name is invented.
public enum DemoSystem {
    public static let password = "waymark-demo-2026"
    public static let administratorEmail = "priya.shah@wessexvale.example"
    public static let projectManagerEmail = "sam.patel@wessexvale.example"
    public static let portfolioOfficeEmail = "tom.hughes@wessexvale.example"

    struct OrganisationSeed {
        let name: String, code: String, codeKind: OrganisationCodeKind, kind: OrganisationKind
    }

    static let organisations: [OrganisationSeed] = [
        .init(name: "NHS Wessex Vale Integrated Care Board", code: "QZV", codeKind: .ods, kind: .icb),
        .init(name: "Wessex Vale Hospitals NHS Foundation Trust", code: "RZV", codeKind: .ods, kind: .acuteTrust),
        .init(name: "Northmoor Community and Mental Health NHS Trust", code: "RZN", codeKind: .ods, kind: .communityTrust),
        .init(name: "Ashcombe County Council", code: "ACC", codeKind: .local, kind: .localAuthority),
        .init(name: "Riverside Primary Care Network", code: "U99001", codeKind: .ods, kind: .primaryCare),
        .init(name: "Harbour Health Primary Care Network", code: "U99002", codeKind: .ods, kind: .primaryCare),
        .init(name: "Kingsmead Medical Practice", code: "Z99001", codeKind: .ods, kind: .primaryCare),
        .init(name: "Wessex Vale Voluntary Action", code: "WVVA", codeKind: .local, kind: .voluntarySector),
        .init(name: "St Brendan's Hospice", code: "SBH-HOSPICE", codeKind: .local, kind: .voluntarySector),
    ]

    static let themes: [(String, String)] = [
        ("Urgent and emergency care", "Timely, safe urgent care and flow through hospital and community services."),
        ("Elective recovery", "Reducing waits for planned care, diagnostics and cancer treatment."),
        ("Mental health", "Access, crisis alternatives and parity of esteem for mental health."),
        ("Population health and prevention", "Prevention, early detection and tackling health inequalities."),
        ("Workforce", "Recruiting, retaining and supporting people who work in health and care."),
        ("Digital and data", "Shared records, digital access and data for improvement."),
    ]

    static let programmes: [(String, String)] = [
        ("Urgent and Emergency Care Improvement", "System-wide work on flow, ambulance handovers and discharge."),
        ("Digital Transformation", "Shared care records, patient portals and digital inclusion."),
        ("Community Care Transformation", "Care closer to home: virtual wards, neighbourhood teams and prevention."),
    ]

    struct PersonSeed {
        let name: String, email: String, role: SystemRole, organisation: Int
    }

    static let people: [PersonSeed] = [
        .init(name: "Priya Shah", email: administratorEmail, role: .admin, organisation: 0),
        .init(name: "Tom Hughes", email: portfolioOfficeEmail, role: .portfolio, organisation: 0),
        .init(name: "Grace Okafor", email: "grace.okafor@wessexvale.example", role: .portfolio, organisation: 0),
        .init(name: "Daniel Price", email: "daniel.price@wessexvale.example", role: .orgadmin, organisation: 1),
        .init(name: "Fatima Begum", email: "fatima.begum@wessexvale.example", role: .orgadmin, organisation: 2),
        .init(name: "Helen Carter", email: "helen.carter@wessexvale.example", role: .orgadmin, organisation: 3),
        .init(name: "Ruth Evans", email: "ruth.evans@wessexvale.example", role: .orgadmin, organisation: 7),
        .init(name: "Sam Patel", email: projectManagerEmail, role: .member, organisation: 1),
        .init(name: "Laura Jenkins", email: "laura.jenkins@wessexvale.example", role: .member, organisation: 1),
        .init(name: "Owen Davies", email: "owen.davies@wessexvale.example", role: .member, organisation: 2),
        .init(name: "Chloe Morgan", email: "chloe.morgan@wessexvale.example", role: .member, organisation: 3),
        .init(name: "Aisha Rahman", email: "aisha.rahman@wessexvale.example", role: .member, organisation: 4),
        .init(name: "Nia Roberts", email: "nia.roberts@wessexvale.example", role: .member, organisation: 5),
        .init(name: "James O'Connor", email: "james.oconnor@wessexvale.example", role: .member, organisation: 6),
        .init(name: "Mark Ellis", email: "mark.ellis@wessexvale.example", role: .member, organisation: 7),
        .init(name: "Bethan Lloyd", email: "bethan.lloyd@wessexvale.example", role: .member, organisation: 8),
        .init(name: "Peter Walsh", email: "peter.walsh@wessexvale.example", role: .viewer, organisation: 0),
        .init(name: "Susan Lee", email: "susan.lee@wessexvale.example", role: .viewer, organisation: 1),
    ]

    struct ProjectSeed {
        let title: String
        let aim: String
        let lead: Int
        let partners: [Int]
        let programme: Int?
        let themes: [Int]
        let methodology: Methodology
    }

    static let projects: [ProjectSeed] = [
        .init(title: "Same-day emergency care expansion", aim: "Treat 30% more patients on the day without admission by extending SDEC hours.", lead: 1, partners: [0], programme: 0, themes: [0], methodology: .project),
        .init(title: "Virtual wards for frailty", aim: "Offer hospital-level care at home to 40 frail patients at any time.", lead: 2, partners: [1, 4], programme: 2, themes: [0, 3], methodology: .project),
        .init(title: "Discharge to assess pathway redesign", aim: "Halve the number of patients waiting in hospital for care assessments.", lead: 3, partners: [1, 2], programme: 0, themes: [0], methodology: .project),
        .init(title: "Reducing ambulance handover delays", aim: "No ambulance handover to take longer than 45 minutes by March.", lead: 1, partners: [0], programme: 0, themes: [0], methodology: .qi),
        .init(title: "Patient-initiated follow-up in outpatients", aim: "Move 5% of outpatient follow-ups to patient-initiated follow-up.", lead: 1, partners: [], programme: nil, themes: [1], methodology: .project),
        .init(title: "Orthopaedic elective hub", aim: "Open a ring-fenced elective hub for hip and knee replacements.", lead: 1, partners: [0], programme: nil, themes: [1], methodology: .programme),
        .init(title: "Community mental health crisis café", aim: "Provide an evening crisis alternative to the emergency department.", lead: 2, partners: [7], programme: 2, themes: [2], methodology: .project),
        .init(title: "Perinatal mental health outreach", aim: "Reach women in the most deprived areas earlier in pregnancy.", lead: 2, partners: [4, 5], programme: nil, themes: [2, 3], methodology: .qi),
        .init(title: "Electronic patient record convergence", aim: "Move the two acute sites onto one electronic patient record.", lead: 1, partners: [2], programme: 1, themes: [5], methodology: .programme),
        .init(title: "Shared care record for social care", aim: "Give social workers read access to the shared care record.", lead: 0, partners: [3, 1, 2], programme: 1, themes: [5], methodology: .project),
        .init(title: "Remote monitoring for heart failure", aim: "Reduce heart failure readmissions by 20% with home monitoring.", lead: 1, partners: [4], programme: 2, themes: [3, 5], methodology: .project),
        .init(title: "Reducing falls in care homes", aim: "Reduce falls with harm in care homes by a third in twelve months.", lead: 3, partners: [2, 6], programme: 2, themes: [3], methodology: .qi),
        .init(title: "Sepsis screening in the emergency department", aim: "Screen 95% of eligible patients for sepsis within an hour of arrival.", lead: 1, partners: [], programme: 0, themes: [0], methodology: .qi),
        .init(title: "Pressure ulcer reduction in district nursing", aim: "Halve category 2+ pressure ulcers acquired in community care.", lead: 2, partners: [], programme: nil, themes: [3], methodology: .qi),
        .init(title: "Healthy weight programme for children", aim: "Support 500 families a year with a healthy weight programme.", lead: 3, partners: [4, 5, 7], programme: nil, themes: [3], methodology: .project),
        .init(title: "Smoking cessation in pregnancy", aim: "Cut smoking at time of delivery to below 6%.", lead: 1, partners: [3], programme: nil, themes: [3], methodology: .qi),
        .init(title: "Social prescribing link workers", aim: "Put a link worker in every primary care network.", lead: 4, partners: [5, 7], programme: 2, themes: [3], methodology: .project),
        .init(title: "Retaining healthcare support workers", aim: "Cut first-year leaving rates of support workers from 30% to 20%.", lead: 0, partners: [1, 2], programme: nil, themes: [4], methodology: .project),
        .init(title: "International nurse pastoral support", aim: "Welcome and keep internationally educated nurses.", lead: 1, partners: [], programme: nil, themes: [4], methodology: .project),
        .init(title: "Digital inclusion for older people", aim: "Help 2,000 older residents get online and use the NHS App.", lead: 7, partners: [3, 0], programme: 1, themes: [5, 3], methodology: .project),
        .init(title: "Hospital at home for respiratory patients", aim: "Care for COPD exacerbations at home where it is safe.", lead: 2, partners: [1], programme: 2, themes: [0], methodology: .project),
        .init(title: "Anticipatory care for people with complex needs", aim: "Proactive care plans for the 2% of residents at highest risk.", lead: 5, partners: [2, 3], programme: 2, themes: [3], methodology: .project),
        .init(title: "Diabetes structured education uptake", aim: "Double attendance at structured education after diagnosis.", lead: 6, partners: [4], programme: nil, themes: [3], methodology: .qi),
        .init(title: "Rapid diagnostic centre for cancer", aim: "Meet the 28-day faster diagnosis standard for 80% of referrals.", lead: 1, partners: [0], programme: nil, themes: [1], methodology: .project),
        .init(title: "Reducing length of stay on medical wards", aim: "Reduce average length of stay on medical wards by one day.", lead: 1, partners: [], programme: 0, themes: [0], methodology: .qi),
        .init(title: "Carers' support hub", aim: "One front door for unpaid carers across the county.", lead: 7, partners: [3], programme: nil, themes: [3], methodology: .project),
        .init(title: "Warm homes referral pathway", aim: "Refer people with respiratory illness in cold homes to insulation grants.", lead: 3, partners: [4, 7], programme: nil, themes: [3], methodology: .project),
        .init(title: "Medicines optimisation in care homes", aim: "A structured medication review for every care home resident each year.", lead: 0, partners: [4, 5, 6], programme: 2, themes: [3], methodology: .qi),
        .init(title: "Community diagnostic centre expansion", aim: "Add MRI and CT capacity in the community diagnostic centre.", lead: 1, partners: [0], programme: nil, themes: [1], methodology: .programme),
        .init(title: "Patient portal roll-out", aim: "Let patients see and change their hospital appointments online.", lead: 1, partners: [], programme: 1, themes: [5, 1], methodology: .project),
        .init(title: "Learning disability annual health checks", aim: "Reach 80% uptake of annual health checks.", lead: 5, partners: [2], programme: nil, themes: [3], methodology: .qi),
        .init(title: "Detecting hypertension in deprived areas", aim: "Close the gap in blood pressure detection between the most and least deprived areas.", lead: 4, partners: [7], programme: nil, themes: [3], methodology: .qi),
        .init(title: "End of life care coordination", aim: "Every person in their last year of life has a shared care plan.", lead: 8, partners: [2, 4], programme: 2, themes: [3], methodology: .project),
        .init(title: "Staff wellbeing hubs", aim: "Keep two wellbeing hubs open for health and care staff.", lead: 0, partners: [1, 2, 3], programme: nil, themes: [4], methodology: .project),
    ]

    /// Loads the demo system. `passwordHash` is one bcrypt hash of `password`, computed once by the
    /// caller: hashing per person would add seconds to every first start.
    public static func load(into store: Store, passwordHash: String) async throws {
        try await loadRecords(into: store, passwordHash: passwordHash)
        try await store.analyseAfterBulkLoad()
    }

    private static func loadRecords(into store: Store, passwordHash: String) async throws {
        let actor = AuditActor.system
        var organisationIDs: [UUID] = []
        for seed in organisations {
            let organisation = try await store.createOrganisation(
                OrganisationFields(name: seed.name, code: seed.code, codeKind: seed.codeKind, kind: seed.kind), by: actor)
            organisationIDs.append(organisation.id)
        }
        var themeIDs: [UUID] = []
        for (name, description) in themes {
            themeIDs.append(try await store.createNamedItem(.theme, NamedItemFields(name: name, description: description), by: actor).id)
        }
        var programmeIDs: [UUID] = []
        for (name, description) in programmes {
            programmeIDs.append(try await store.createNamedItem(.programme, NamedItemFields(name: name, description: description), by: actor).id)
        }
        var people: [Person] = []
        for seed in Self.people {
            people.append(try await store.createPerson(
                PersonFields(name: seed.name, email: seed.email, role: seed.role,
                             organisationID: organisationIDs[seed.organisation], password: nil),
                passwordHash: passwordHash, by: actor))
        }
        let stages = try await store.stages()
        let references = try await store.referenceData()
        let visibilities: [Visibility] = [.system, .system, .organisation, .system, .team, .organisation, .system]

        var made: [(Project, [(UUID, TeamRole)])] = []
        for (index, seed) in projects.enumerated() {
            // Spread over the lifecycle: more projects in delivery than anywhere else, as in life.
            let stageIndex = [4, 1, 4, 2, 3, 4, 5, 0, 4, 6, 3, 4][index % 12]
            let status: ProjectStatus = stageIndex == 6 || stageIndex == 5 && index % 2 == 0 ? .closed
                : index % 11 == 7 ? .onHold : index % 17 == 16 ? .cancelled : .active
            let start = CalendarDate(year: 2025, month: 1 + index % 12, day: 1 + (index * 7) % 27)!
            let end = CalendarDate(year: 2026 + index % 3, month: 1 + (index * 5) % 12, day: 28)!
            let fields = ProjectFields(
                title: seed.title, summary: seed.aim,
                scopeIn: "Services provided by the lead and partner organisations for adults in Wessex Vale.",
                scopeOut: "Children's services, unless stated in the aim; capital works beyond the agreed budget.",
                objectives: "1. Agree the baseline and the measures.\n2. Test the change on a small scale.\n3. Spread what works.",
                leadOrganisationID: organisationIDs[seed.lead], partnerOrganisationIDs: seed.partners.map { organisationIDs[$0] },
                programmeID: seed.programme.map { programmeIDs[$0] }, themeIDs: seed.themes.map { themeIDs[$0] },
                methodology: seed.methodology, stageID: stages[stageIndex].id, status: status, startDate: start,
                endDate: end, budgetPence: index % 4 == 3 ? nil : Int64((index + 1) * 37_500) * 100,
                tags: index % 3 == 0 ? ["winter"] : index % 3 == 1 ? ["inequalities", "prevention"] : [],
                visibility: visibilities[index % visibilities.count])
            let team = demoTeam(for: seed, index: index, people: people, organisationIDs: organisationIDs)
            let project = try await store.createProject(fields, references: references, team: team, by: actor)
            try await loadRisks(for: project, index: index, team: team, into: store)
            try await loadIssues(for: project, index: index, team: team, into: store)
            try await loadPlan(for: project, index: index, team: team, into: store)
            try await loadAssumptionsActionsAndDecisions(for: project, index: index, team: team, into: store)
            try await loadMeasures(for: project, index: index, team: team, into: store)
            try await loadBenefits(for: project, index: index, team: team, into: store)
            if project.fields.methodology == .qi { try await loadQualityImprovement(for: project, into: store) }
            made.append((project, team))
        }
        try await loadDependencies(made, into: store)
        try await loadLocalWords(organisationIDs, into: store)
        try await loadLessons(made, into: store)
        try await loadCapability(organisationIDs, people: people, passwordHash: passwordHash, into: store)
        try await loadStatusHistory(made, people: people, into: store)
        try await loadGateHistory(made, people: people, into: store)
        try await backdateHistory(made, people: people, into: store)
    }

    /// A year of monthly status updates (issue 15), each submitted by the project's manager a day
    /// or two before it was due: projects recovering, slipping, steady and wobbling; closed
    /// projects' last update blue; a few a period behind (overdue) and a few with this period's
    /// draft under way.
    static func loadStatusHistory(_ made: [(Project, [(UUID, TeamRole)])], people: [Person], into store: Store) async throws {
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) })
        let cycle = ReportingCycle.standard
        let workingDays = WorkingDays(holidays: BankHoliday.englandAndWales.map(\.date))
        let open = cycle.open(on: CalendarDate(store.now()), workingDays: workingDays)
        try await store.write { store in
            for (index, (project, team)) in made.enumerated() where project.fields.status != .cancelled {
                guard let author = (team.first { $0.1 == .manager } ?? team.first { $0.1 == .sro })?.0, let name = names[author],
                      let start = project.fields.startDate else { continue }
                let actor = AuditActor(id: author, name: name)
                let closed = project.fields.status == .closed
                let newest = closed ? 3 : index % 6 == 1 ? 2 : 1
                var period = open
                for _ in 0..<12 { period = period.previous }
                var age = 12
                var previous: StatusUpdateFields?
                while age >= newest {
                    defer { period = period.next; age -= 1 }
                    guard period.end >= start else { continue }
                    var fields = StatusHistory.fields(course: index, age: age)
                    if closed && age == newest {
                        fields.overall = Rating(.blue)
                        fields.narrative[.summary] = StatusHistory.narrative[.blue]!.summary
                    }
                    let started = try await store.startStatusUpdate(projectID: project.id, period: period, fields: fields, by: actor)
                    _ = try await store.saveStatusUpdate(started.update.id, expectedVersion: 1, fields: fields, submit: true, by: actor)
                    let at = StatusHistory.submittedAt(period, cycle: cycle, workingDays: workingDays, early: (index + age) % 3)
                    try await store.run("""
                        UPDATE status_updates SET created_at = \(bind: at.addingTimeInterval(-86_400)), updated_at = \(bind: at),
                            submitted_at = \(bind: at) WHERE id = \(bind: started.update.id)
                        """)
                    previous = fields
                }
                if !closed && index % 5 == 2, let previous {
                    _ = try await store.startStatusUpdate(projectID: project.id, period: open,
                                                          fields: StatusPrefill.draft(previous: previous, facts: StatusFacts()), by: actor)
                }
            }
        }
    }

    /// The gates each project has passed on its way to its stage (issue 15), decided by the
    /// portfolio office: most approved, some with conditions, a few deferred first and approved
    /// when asked again, a few rejected; and, for some active projects, the next gate asked for and
    /// waiting. Gate 2's board counts an organisation's portfolio lead among its members.
    static func loadGateHistory(_ made: [(Project, [(UUID, TeamRole)])], people: [Person], into store: Store) async throws {
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) })
        guard let office = people.first(where: { $0.role == .portfolio }) else { return }
        let decider = AuditActor(id: office.id, name: office.name)
        let stages = try await store.stages().sorted { $0.position < $1.position }
        var gates = try await store.gateSettings()
        if let lead = people.first(where: { $0.role == .orgadmin }), let initiation = gates.firstIndex(where: { $0.gate == "Gate 2" }) {
            let gate = gates[initiation]
            gates[initiation] = try await store.setGate(gate.stageID, GateSettingFields(board: gate.board, criteria: gate.criteria, memberIDs: [lead.id]),
                                                        expectedVersion: gate.version, by: decider)
        }
        let today = CalendarDate(store.now())
        for (index, (project, team)) in made.enumerated() where project.fields.status != .cancelled {
            guard let author = (team.first { $0.1 == .manager } ?? team.first { $0.1 == .sro })?.0, let name = names[author],
                  let position = stages.first(where: { $0.id == project.fields.stageID })?.position else { continue }
            let asker = AuditActor(id: author, name: name)
            async let milestones = store.milestones(ofProject: project.id)
            async let risks = store.risks(ofProject: project.id)
            async let issues = store.issues(ofProject: project.id)
            async let benefits = store.benefits(ofProject: project.id)
            async let reported = store.reportedUpdate(ofProject: project.id, before: ReportingPeriod(start: today.firstOfMonth(adding: 1), months: 1))
            let facts = (milestones: try await milestones, risks: try await risks, issues: try await issues, benefits: try await benefits,
                         reported: try await reported)
            let teamNames = (sro: team.filter { $0.1 == .sro }.compactMap { names[$0.0] }, managers: team.filter { $0.1 == .manager }.compactMap { names[$0.0] })
            func report(_ gate: GateSetting, from: LifecycleStage, met: [Int], summary: String) -> GateReport {
                GateReport.make(project: project, fromStage: from.name, gate: gate, request: GateRequestFields(summary: summary, criteriaMet: met, evidence: ""),
                                seniorResponsibleOwners: teamNames.sro, projectManagers: teamNames.managers, reported: facts.reported,
                                milestones: facts.milestones, risks: facts.risks, issues: facts.issues, benefits: facts.benefits, today: today,
                                now: store.now())
            }
            var number = 0
            let passed = gates.filter { $0.position <= position }
            for (step, gate) in passed.enumerated() {
                guard let from = stages.last(where: { $0.position < gate.position }) else { continue }
                let all = Array(1...max(1, gate.criteria.count))
                let deferredFirst = (index + step) % 7 == 3
                // From the project's start, a gate every two months or so, none later than a week ago.
                let began = Date(timeIntervalSince1970: Double((project.fields.startDate ?? today).daysSinceEpoch) * 86_400 + 9 * 3_600)
                let asked = min(began.addingTimeInterval(Double(step * 60 + 10) * 86_400),
                                store.now().addingTimeInterval(-Double((passed.count - step) * 50 + 7) * 86_400))
                var outcomes: [(GateOutcome, String, String)] = []
                if deferredFirst {
                    outcomes.append((.deferred, "The benefits are not yet baselined; come back when they are.", ""))
                }
                outcomes.append(step % 3 == 1 ? (.approvedWithConditions, "The case is sound and the partners support it.",
                                                 "Confirm the funding split between partners before the next board.")
                                              : (.approved, "The criteria are met and the partners support it.", ""))
                for (attempt, (outcome, rationale, conditions)) in outcomes.enumerated() {
                    number += 1
                    let met = outcome == .deferred ? Array(all.dropLast()) : all
                    let at = asked.addingTimeInterval(Double(attempt * 30) * 86_400)
                    let decided = at.addingTimeInterval(9 * 86_400)
                    let review = GateReview(
                        id: UUID(), projectID: project.id, number: number, stageID: gate.stageID, fromStageID: from.id, gate: gate.gate,
                        board: gate.board, criteria: gate.criteria,
                        request: GateRequestFields(summary: "The project is ready for \(gate.stageName.lowercased()): the work of \(from.name.lowercased()) is done.",
                                                   criteriaMet: met, evidence: "See the project's plan, RAID log and benefits in Waymark."),
                        requestedBy: author, requestedAt: at, state: .decided,
                        decision: GateDecisionFields(outcome: outcome, decidedOn: CalendarDate(decided), board: gate.board, rationale: rationale,
                                                     conditions: conditions),
                        decidedBy: office.id, decidedAt: decided,
                        report: report(gate, from: from, met: met, summary: "The project is ready for \(gate.stageName.lowercased())."), version: 2)
                    try await store.write { store in
                        try await store.insertGateReview(review)
                        try await store.record(.gateReviewRequested, review.id, projectID: project.id, subject: review.title,
                                               changes: FieldChange.created(review.request.auditValues), by: asker)
                        try await store.record(.gateReviewDecided, review.id, projectID: project.id, subject: review.title,
                                               changes: FieldChange.created(review.decision!.auditValues), by: decider)
                    }
                }
            }
            // The gate ahead: asked for and waiting for some; rejected once for one.
            guard project.fields.status == .active, let next = stages.first(where: { $0.position > position }),
                  let gate = gates.first(where: { $0.stageID == next.id }), let from = stages.first(where: { $0.position == position }),
                  index % 4 == 1 || index % 8 == 3 else { continue }
            let met = Array(1...max(1, gate.criteria.count)).filter { $0 % 3 != 0 }
            let summary = "We ask to move into \(gate.stageName.lowercased()): the outstanding criteria are in hand, as the evidence says."
            let review = try await store.requestGateReview(projectID: project.id, fromStageID: from.id, gate: gate,
                                                           request: GateRequestFields(summary: summary, criteriaMet: met,
                                                                                      evidence: "The latest status update, plan and RAID log."),
                                                           report: report(gate, from: from, met: met, summary: summary), by: asker)
            if index % 8 == 3 {
                _ = try await store.decideGateReview(review.id, expectedVersion: review.version, GateDecisionFields(
                    outcome: .rejected, decidedOn: today, board: gate.board,
                    rationale: "The partners have not agreed the funding; the board will not consider it again until they have.", conditions: ""),
                    references: try await store.referenceData(), by: decider)
            }
        }
    }

    /// Each project's history as it would have happened (issue 14): its events, in their order,
    /// from its start date (at nine in the morning) to an hour ago, each made by its
    /// project manager (or SRO) rather than by Waymark at the moment the demo was loaded; the
    /// project's own dates follow its first and last events. The order of events is untouched.
    static func backdateHistory(_ made: [(Project, [(UUID, TeamRole)])], people: [Person], into store: Store) async throws {
        let names = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.name) })
        let now = store.now()
        try await store.write { store in
            for (project, team) in made {
                guard let start = project.fields.startDate,
                      let author = (team.first { $0.1 == .manager } ?? team.first { $0.1 == .sro } ?? team.first)?.0,
                      let name = names[author] else { continue }
                let events = try await store.rows("""
                    SELECT id, entity_id, event FROM audit_events WHERE project_id = \(bind: project.id) ORDER BY sequence
                    """, reading: { (try $0.uuid("id"), try $0.uuid("entity_id"), try $0.string("event")) })
                guard !events.isEmpty else { continue }
                // The project and its team are set up on its first morning, a minute apart; then
                // the rest of its history runs from a week later until an hour ago.
                let first = Date(timeIntervalSince1970: Double(start.daysSinceEpoch) * 86_400 + 9 * 3_600)
                let setUp = events.prefix { [AuditEventCode.projectCreated, .teamMemberAdded].map(\.rawValue).contains($0.2) }.count
                let later = first.addingTimeInterval(7 * 86_400)
                let last = max(later, now.addingTimeInterval(-3_600))
                let rest = events.count - setUp
                let step = rest > 1 ? last.timeIntervalSince(later) / Double(rest - 1) : 0
                var projectChanged = first
                for (number, (id, entity, _)) in events.enumerated() {
                    let when: Date
                    if number < setUp {
                        when = first.addingTimeInterval(Double(number) * 60)
                    } else {
                        // Spread over the days, and within each day over working hours (9:00 to 17:00),
                        // in whole seconds, as a person's clicks are.
                        let spread = later.timeIntervalSince1970 + step * Double(number - setUp)
                        let day = (spread / 86_400).rounded(.down) * 86_400
                        when = Date(timeIntervalSince1970: (day + 9 * 3_600 + (spread - day) / 3).rounded(.down))
                    }
                    try await store.run("""
                        UPDATE audit_events SET occurred_at = \(bind: when), actor_id = \(bind: author), actor_name = \(bind: name)
                        WHERE id = \(bind: id)
                        """)
                    if entity == project.id { projectChanged = when }
                }
                try await store.run("""
                    UPDATE projects SET created_at = \(bind: first), updated_at = \(bind: projectChanged) WHERE id = \(bind: project.id)
                    """)
            }
        }
    }

    /// People who took part in the capability self-assessment, beyond the named demo accounts
    /// (members with no project roles): enough in three organisations for the heat map to show
    /// them, too few elsewhere, where it says so.
    static let assessedPeople: [(name: String, organisation: Int)] = [
        ("Alice Turner", 0), ("Ben Ahmed", 0), ("Carys Hughes", 0), ("Dev Kapoor", 0),
        ("Emma Walsh", 1), ("Farhan Ali", 1), ("Georgia Reid", 1), ("Harry Stone", 1), ("Isla Brown", 1),
        ("Jack Owen", 2), ("Kiran Desai", 2), ("Leah Morris", 2),
        ("Mo Hassan", 3),
    ]

    /// Self-assessments: every demo person but the viewers, and the extra people above, each
    /// against the framework in force; levels vary by person and competency, lower in QI and
    /// measurement outside the trusts, so gaps and training needs show.
    static func loadCapability(_ organisationIDs: [UUID], people: [Person], passwordHash: String, into store: Store) async throws {
        var assessed = people.filter { $0.role != .viewer }
        for extra in assessedPeople {
            let email = extra.name.lowercased().replacingOccurrences(of: " ", with: ".") + "@wessexvale.example"
            assessed.append(try await store.createPerson(
                PersonFields(name: extra.name, email: email, role: .member, organisationID: organisationIDs[extra.organisation], password: nil),
                passwordHash: passwordHash, by: .system))
        }
        let framework = try await store.competencyFramework()
        for (index, person) in assessed.enumerated() {
            var ratings: [AssessmentRating] = []
            for (number, competency) in framework.competencies.enumerated() {
                // Sam Patel, the demo's project manager, leaves measurement unassessed and is new to QI.
                if person.email == projectManagerEmail && competency.key == "measurement" { continue }
                let base = 1 + (index * 7 + number * 3) % 4
                let level = person.email == projectManagerEmail && competency.key == "qi" ? 1 : min(4, max(1, base))
                ratings.append(AssessmentRating(key: competency.key, level: ProficiencyLevel(rawValue: level)!,
                                                evidence: level >= 3 ? "Led this on a project in the last year." : ""))
            }
            _ = try await store.createAssessment(personID: person.id, frameworkVersion: framework.version,
                                                 assessedOn: CalendarDate(year: 2026, month: 1 + index % 11, day: 10)!, ratings: ratings, by: .system)
        }
    }

    /// Lessons, by the project (its place in `projects`) that learnt them: what the demo's later
    /// projects learnt, for the early ones to learn before.
    static let lessons: [(project: Int, title: String, happened: String, why: String, outcome: LessonOutcome, recommendation: String,
                          phase: LessonPhase, technique: LessonTechnique, tags: [String])] = [
        (0, "Agree the SDEC referral criteria with ambulance crews before opening longer hours",
         "Crews kept conveying patients to the emergency department in the first month of extended hours.",
         "The new criteria had been agreed with the emergency department but not shared with the ambulance service.",
         .avoid, "Brief ambulance crews and the clinical hub on referral criteria before any change to same-day emergency care hours.",
         .during, .afterActionReview, ["winter"]),
        (2, "Start discharge planning on the day of admission",
         "Patients waited four days on average for a care assessment once medically fit.",
         "Assessments were only requested once the patient was declared fit, and social care capacity was booked late.",
         .repeatIt, "Name an expected discharge date and request any assessment on the day of admission; share the list daily with social care.",
         .during, .retrospect, []),
        (2, "A single discharge hub with social care in the room",
         "Delays fell fastest in the month the council's brokerage team sat with the hospital discharge team.",
         "Decisions that took days by email took minutes face to face.",
         .repeatIt, "Co-locate hospital discharge and social care brokerage staff, even part-time, before redesigning the pathway on paper.",
         .after, .retrospect, []),
        (3, "Measure handover times from the ambulance data, not the hospital's",
         "Two systems gave different handover times and the first month was spent arguing about the baseline.",
         "Each organisation timed a different event.",
         .avoid, "Agree one definition and one data source for a measure with every partner before collecting the baseline.",
         .before, .peerAssist, ["winter"]),
        (6, "Co-design the crisis café with people who would use it",
         "Evening attendance tripled after the opening hours and location were changed on the advice of service users.",
         "The first plan assumed daytime demand from referral data that missed people in crisis out of hours.",
         .repeatIt, "Involve people with lived experience from the first workshop, and pay them for their time.",
         .during, .actionLearningSet, ["inequalities"]),
        (8, "Protect clinical time for system testing",
         "Go-live slipped twice because ward staff could not be released for testing.",
         "Testing was planned in the busiest winter weeks with no backfill budget.",
         .avoid, "Budget for backfill of clinical staff during testing and avoid winter for go-live of a new clinical system.",
         .during, .gateReview, ["winter"]),
        (9, "Sign the data sharing agreement before building the integration",
         "The social care integration was ready for three months before it could be switched on.",
         "The data sharing agreement was started after the technical work and needed every partner's information governance sign-off.",
         .avoid, "Start the data sharing agreement and the DPIA in the first month of any shared record project.",
         .before, .peerAssist, []),
        (10, "Choose patients for remote monitoring with the heart failure nurses",
         "Readmissions fell only for the patients the nurses had picked themselves.",
         "Automatic selection from coded data included patients who could not use the kit.",
         .repeatIt, "Let the clinicians who will act on the readings choose who is offered remote monitoring.",
         .after, .afterActionReview, []),
        (11, "Falls huddles work when the care home manager leads them",
         "Falls with harm fell by 35% in the homes where managers ran the daily huddle.",
         "Staff followed the manager's lead; in homes where a visiting nurse ran it, huddles stopped when she left.",
         .repeatIt, "Ask each care home manager to own the falls huddle; support rather than run it.",
         .during, .afterActionReview, ["care homes"]),
        (11, "Test a change in one care home before spreading it",
         "A new falls risk tool introduced in eight homes at once was abandoned within a month.",
         "It did not fit night staff routines, which a single small test would have shown.",
         .avoid, "Run PDSA cycles in one home, on one shift, before spreading any change to other homes.",
         .during, .retrospect, ["care homes"]),
        (17, "Buddy new support workers for their first twelve weeks",
         "First-year leaving fell from 30% to 22% in the wards that paired new starters with a buddy.",
         "Exit interviews showed people left in their first three months, feeling unsupported.",
         .repeatIt, "Pair every new healthcare support worker with a named buddy for twelve weeks, with protected time.",
         .after, .retrospect, []),
        (19, "Recruit digital champions from the voluntary sector",
         "Sessions run by trusted local volunteers reached three times as many older residents as library sessions.",
         "Older residents trusted people they already knew.",
         .repeatIt, "Work through voluntary sector groups that older people already attend, and train their volunteers as champions.",
         .after, .afterActionReview, ["inequalities"]),
        (23, "Book diagnostics before the first appointment",
         "Patients who had tests booked at referral met the 28-day standard twice as often.",
         "Straight-to-test removed a clinic visit that only ordered tests.",
         .repeatIt, "Design straight-to-test pathways with the referrers for the commonest suspected cancers.",
         .during, .gateReview, []),
        (24, "Daily board rounds need a senior decision-maker",
         "Length of stay did not change until a consultant attended every board round.",
         "Junior doctors could not agree discharges alone, so decisions waited for the next ward round.",
         .repeatIt, "Make a senior decision-maker's attendance at daily board rounds part of the rota, not a favour.",
         .during, .afterActionReview, ["winter"]),
    ]

    static func loadLessons(_ made: [(Project, [(UUID, TeamRole)])], into store: Store) async throws {
        for (index, lesson) in lessons.enumerated() where lesson.project < made.count {
            let project = made[lesson.project].0
            let fields = LessonFields(title: lesson.title, happened: lesson.happened, why: lesson.why, outcome: lesson.outcome,
                                      recommendation: lesson.recommendation, phase: lesson.phase, technique: lesson.technique,
                                      learnedOn: CalendarDate(year: 2026, month: 1 + index % 10, day: 3 + index)!,
                                      themeIDs: project.fields.themeIDs, tags: lesson.tags)
            _ = try await store.createLesson(projectID: project.id, fields: fields, by: .system)
        }
    }

    /// Partners' own words for the glossary's terms, by the organisation's place in `organisations`.
    static let localWords: [(term: String, organisation: Int, word: String)] = [
        ("highlight-report", 1, "flash report"), ("highlight-report", 2, "monthly delivery report"),
        ("senior-responsible-owner", 3, "project sponsor"), ("senior-responsible-owner", 7, "project lead"),
        ("portfolio-office", 1, "PMO"), ("portfolio-office", 3, "programme office"),
        ("raid-log", 2, "risk and issues log"), ("gate-review", 3, "investment panel"),
        ("after-action-review", 1, "hot debrief"), ("benefit", 3, "outcome"),
    ]

    static func loadLocalWords(_ organisationIDs: [UUID], into store: Store) async throws {
        for (key, words) in Dictionary(grouping: localWords, by: \.term).sorted(by: { $0.key < $1.key }) {
            guard let term = try await store.glossaryTerm(key: key) else { continue }
            var fields = term.fields
            fields.localSynonyms = words.map { LocalSynonym(organisationID: organisationIDs[$0.organisation], word: $0.word) }
            _ = try await store.updateGlossaryTerm(term.id, expectedVersion: term.version, fields, by: .system)
        }
    }

    static let dependencies: [(title: String, description: String, external: String)] = [
        ("Shared care record go-live", "The new pathway needs clinicians in every partner to see the same record.", ""),
        ("Discharge-to-assess beds commissioned", "Without the beds the ward changes only move the delay.", ""),
        ("Community workforce recruited", "The service cannot extend its hours until the posts are filled.", ""),
        ("PAS upgrade by the supplier", "Referral data flows only once the supplier's upgrade is live.",
         "The patient administration system supplier's version 12 upgrade"),
        ("Data sharing agreement signed", "Partners cannot exchange identifiable data before it is signed.", ""),
        ("Capital funding released", "The works cannot start before the ICB releases the allocation.",
         "NHS England capital allocation for 2026/27"),
    ]

    /// Dependencies between the active projects, most across organisations: some at risk or late,
    /// one overdue, one met, and two on things outside Waymark.
    static func loadDependencies(_ made: [(Project, [(UUID, TeamRole)])], into store: Store) async throws {
        let active = made.filter { $0.0.fields.status == .active }
        guard active.count > 2 else { return }
        let today = CalendarDate(store.now())
        let statuses: [DependencyStatus] = [.atRisk, .onTrack, .late, .onTrack, .met, .atRisk]
        for (number, (project, team)) in active.enumerated() where number % 2 == 0 {
            let seed = dependencies[(number / 2) % dependencies.count]
            // Preferably a project another organisation leads.
            let others = active.filter { $0.0.id != project.id }
            let provider = others.first { $0.0.fields.leadOrganisationID != project.fields.leadOrganisationID && $0.0.code > project.code }
                ?? others[(number + 1) % others.count]
            let status = statuses[(number / 2) % statuses.count]
            let neededBy = today.adding(days: status == .late ? -12 : number % 3 == 0 ? -3 : 20 + number * 4)
            let fields = DependencyFields(title: seed.title, description: seed.description,
                                          providerProjectID: seed.external.isEmpty ? provider.0.id : nil, external: seed.external,
                                          neededBy: neededBy, ownerID: team.first { $0.1 == .manager }?.0 ?? team.first?.0,
                                          status: status)
            _ = try await store.createDependency(projectID: project.id, fields: fields, by: .system)
        }
    }

    struct RiskSeed {
        let title: String, cause: String, event: String, effect: String, category: String
        let inherent: (Likelihood, Consequence), current: (Likelihood, Consequence), target: (Likelihood, Consequence)
        let response: RiskResponse
    }

    static let risks: [RiskSeed] = [
        .init(title: "Workforce gaps delay the new service", cause: "Vacancies in community nursing and therapy posts",
              event: "The service cannot be staffed to its planned hours", effect: "Patients wait longer and the benefits come later",
              category: "Workforce", inherent: (.likely, .major), current: (.likely, .moderate), target: (.unlikely, .moderate), response: .treat),
        .init(title: "Recurrent funding not confirmed", cause: "The pilot is funded for one year only",
              event: "Funding ends before the benefits are shown", effect: "The service closes and its staff are lost",
              category: "Financial", inherent: (.likely, .major), current: (.possible, .catastrophic), target: (.unlikely, .moderate), response: .treat),
        .init(title: "Shared record holds incomplete information", cause: "Partner systems send duplicates and gaps",
              event: "Clinicians act on an incomplete record", effect: "Harm to patients and loss of trust in the record",
              category: "Information governance", inherent: (.possible, .major), current: (.unlikely, .major), target: (.rare, .major), response: .treat),
        .init(title: "Winter pressures pull staff back to the wards", cause: "Bed occupancy above 95% from December",
              event: "Project staff are redeployed for weeks at a time", effect: "Milestones slip by a quarter",
              category: "Operational", inherent: (.likely, .moderate), current: (.almostCertain, .moderate), target: (.possible, .minor), response: .tolerate),
        .init(title: "Deterioration at home is missed", cause: "Monitoring readings are reviewed once a day",
              event: "A patient deteriorates between reviews", effect: "Avoidable harm and an emergency admission",
              category: "Clinical and patient safety", inherent: (.unlikely, .catastrophic), current: (.unlikely, .catastrophic),
              target: (.rare, .catastrophic), response: .treat),
        .init(title: "Partner systems cannot exchange data", cause: "Two suppliers have no agreed interface",
              event: "Referrals are re-keyed by hand", effect: "Delays, errors and staff time lost",
              category: "Digital and technology", inherent: (.possible, .moderate), current: (.possible, .moderate), target: (.rare, .moderate), response: .transfer),
        .init(title: "Data sharing agreement not signed", cause: "Four organisations' governance boards meet at different times",
              event: "Go-live waits for the last signature", effect: "The pilot starts a month late",
              category: "Partnership", inherent: (.possible, .major), current: (.possible, .major), target: (.rare, .major), response: .treat),
        .init(title: "Public concern about changes to services", cause: "Local press coverage of the consultation",
              event: "Patients avoid the new service", effect: "Lower uptake and questions from the council's scrutiny committee",
              category: "Reputational", inherent: (.possible, .moderate), current: (.unlikely, .moderate), target: (.rare, .moderate), response: .treat),
    ]

    /// A few risks for each project, owned by its manager (or SRO): some raised since they were
    /// recorded, some with their review overdue, a closed and a materialised one.
    static func loadRisks(for project: Project, index: Int, team: [(UUID, TeamRole)], into store: Store) async throws {
        let owner = team.first { $0.1 == .manager }?.0 ?? team.first?.0
        let settings = try await store.riskSettings()
        let categories = Dictionary(try await store.riskCategories().map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        let count = project.fields.status == .active ? 1 + index % 4 : index % 2
        let today = CalendarDate(store.now())
        for number in 0..<count {
            let seed = risks[(index * 3 + number) % risks.count]
            func rating(_ cell: (Likelihood, Consequence)) -> RiskRating { RiskRating(likelihood: cell.0, consequence: cell.1) }
            // Reviews fall from three weeks ago to two months ahead: a few are overdue, as in life.
            let review = today.adding(days: (index * 7 + number * 11) % 80 - 21)
            var fields = RiskFields(title: seed.title, cause: seed.cause, event: seed.event, effect: seed.effect,
                                    categoryID: categories[seed.category], ownerID: owner, inherent: rating(seed.inherent),
                                    current: rating(seed.inherent), target: rating(seed.target), response: seed.response,
                                    proximity: number == 0 ? today.adding(days: 60 + index) : nil, reviewDate: review)
            var risk = try await store.createRisk(projectID: project.id, fields: fields, settings: settings, by: .system)
            // Then assessed again with the controls in place: the score history has two points.
            fields.current = rating(seed.current)
            if project.fields.status != .active { fields.status = .closed }
            risk = try await store.updateRisk(risk.id, expectedVersion: risk.version, fields: fields, settings: settings, by: .system)
            // One risk has happened: it closed as materialised and became an issue.
            if index == 5 && number == 1 {
                _ = try await store.materialiseRisk(risk.id, expectedVersion: risk.version,
                                                    issue: IssueFields.materialised(from: risk, bands: settings.bands, today: today.adding(days: -9)),
                                                    by: .system)
                continue
            }
            // Open risks at the threshold go up: to the system's register when they cross
            // organisations, to the lead organisation's when they do not; one waits as a candidate.
            if fields.status == .open && settings.isEscalationCandidate(fields) && index % 5 != 2 {
                let level: EscalationLevel = project.fields.partnerOrganisationIDs.count > 1 ? .system : .organisation
                let reason = level == .system
                    ? "Shared by several partners; needs a decision at the system's quality and performance board."
                    : "Beyond the project's tolerance; the trust's executive team holds it."
                _ = try await store.escalateRisk(risk.id, expectedVersion: risk.version, to: RiskEscalation(level: level, reason: reason),
                                                 by: .system)
            }
        }
    }

    struct IssueSeed {
        let title: String, description: String, priority: IssuePriority
    }

    static let issues: [IssueSeed] = [
        .init(title: "Go-live date missed for the first site", description: "The first practice could not start on the planned date: the room booking system was not configured.",
              priority: .high),
        .init(title: "Referral form rejected by the trust's system", description: "Referrals from two practices bounce back; staff are phoning them through.",
              priority: .critical),
        .init(title: "Project manager on long-term leave", description: "The project manager is away until the spring; tasks are shared across the team.",
              priority: .medium),
        .init(title: "Evaluation data arrives late", description: "The monthly extract comes three weeks after month end, so measures lag.",
              priority: .low),
        .init(title: "Equipment delivery delayed", description: "The supplier's delivery slipped by six weeks; the pilot runs with loaned devices.",
              priority: .medium),
    ]

    /// Issues on the active projects' logs: some overdue, one resolved, and the critical ones on
    /// the system's register.
    static func loadIssues(for project: Project, index: Int, team: [(UUID, TeamRole)], into store: Store) async throws {
        guard project.fields.status == .active, index % 3 != 1 else { return }
        let owner = team.first { $0.1 == .manager }?.0 ?? team.first?.0
        let today = CalendarDate(store.now())
        for number in 0..<(1 + index % 2) {
            let seed = issues[(index + number * 2) % issues.count]
            let raised = today.adding(days: -(10 + (index * 5 + number * 13) % 40))
            var fields = IssueFields(title: seed.title, description: seed.description, priority: seed.priority, ownerID: owner,
                                     raisedOn: raised, targetDate: raised.adding(days: 21 + number * 14),
                                     status: number == 1 ? .inProgress : .open)
            if index % 4 == 0 && number == 1 {
                fields.status = .resolved
                fields.resolution = "Agreed a workaround with the supplier; the change is in the next release."
            }
            let issue = try await store.createIssue(projectID: project.id, fields: fields, by: .system)
            if seed.priority == .critical && fields.status.isActive {
                _ = try await store.escalateIssue(issue.id, expectedVersion: issue.version, to: RiskEscalation(
                    level: .system, reason: "Affects referrals from every partner; needs the system's digital board to act."), by: .system)
            }
        }
    }

    static let assumptions: [(statement: String, impact: String)] = [
        ("GP practices release staff for the new rota", "The hub opens with fewer sessions and waits do not fall."),
        ("The current pathway's activity data is complete enough for a baseline", "Benefits cannot be shown against a fair baseline."),
        ("Patients will use the digital route when offered it", "Telephone demand stays where it is and the savings do not come."),
        ("The pilot's funding continues to the end of the financial year", "The pilot stops before its evaluation."),
        ("Partner IT teams can test the interface in the same month", "Go-live slips to the next release window."),
    ]

    static let actions = [
        "Agree the rota with the LMC and the practice managers", "Confirm the recurrent funding with the ICB finance lead",
        "Run the data quality check with the business intelligence team", "Book the governance boards for the data sharing agreement",
        "Brief the scrutiny committee on the changes", "Test the interface with both suppliers",
    ]

    static let decisions: [(title: String, rationale: String, options: String)] = [
        ("Pilot in two practices before spreading", "Tests the rota and the referral route at a scale the team can support.",
         "Go live in all twelve practices at once; wait for the new system."),
        ("Fund the extra posts from the transformation budget for a year", "Keeps the pilot staffed until the evaluation reports.",
         "Stop at six months; ask partners to second staff."),
        ("Use the shared care record rather than a new interface", "It is already live in three partners and costs nothing more.",
         "Commission a point-to-point interface from the supplier."),
        ("Move go-live to after the winter peak", "Staff cannot be released for training in December and January.",
         "Go live in November with agency cover."),
    ]

    /// Assumptions, actions and decisions for the active projects: one assumption still to validate (some
    /// overdue), one confirmed or proved wrong; actions on the project's first risk, issue and
    /// assumption and on the project as a whole, some overdue, one done; two decisions, one by a
    /// board and one by the manager, linked to what they bear on.
    static func loadAssumptionsActionsAndDecisions(for project: Project, index: Int, team: [(UUID, TeamRole)], into store: Store) async throws {
        guard project.fields.status == .active else { return }
        let owner = team.first { $0.1 == .manager }?.0 ?? team.first?.0
        let other = team.first { $0.0 != owner }?.0 ?? owner
        let today = CalendarDate(store.now())
        let open = try await store.createAssumption(projectID: project.id, fields: AssumptionFields(
            statement: assumptions[index % assumptions.count].statement, impactIfWrong: assumptions[index % assumptions.count].impact,
            ownerID: owner, validateBy: today.adding(days: index % 3 == 0 ? -5 : 9 + index % 20)), by: .system)
        let checked = assumptions[(index + 2) % assumptions.count]
        _ = try await store.createAssumption(projectID: project.id, fields: AssumptionFields(
            statement: checked.statement, impactIfWrong: checked.impact, ownerID: other, status: index % 4 == 1 ? .disproved : .confirmed,
            validateBy: today.adding(days: -30), validatedOn: today.adding(days: -(20 + index % 7))), by: .system)
        let items = try await store.raidItems(ofProject: project.id)
        let targets: [RAIDItem?] = [items.first { $0.item.kind == "risk" }?.item, items.first { $0.item.kind == "issue" }?.item,
                                      .assumption(open.id), nil]
        for (number, item) in targets.enumerated() {
            let due = today.adding(days: [-4, 6, 12, 25][number] + index % 5)
            _ = try await store.createAction(projectID: project.id, fields: ActionFields(
                item: item, title: actions[(index + number) % actions.count], ownerID: number == 1 ? other : owner, dueDate: due,
                doneOn: number == 2 && index % 2 == 0 ? today.adding(days: -1) : nil), by: .system)
        }
        // Decisions: one by the project board on its first risk and issue, one by its manager.
        let board = ["Urgent and emergency care programme board", "Digital and data delivery board", "ICB executive committee"][index % 3]
        _ = try await store.createDecision(projectID: project.id, fields: DecisionFields(
            title: decisions[index % decisions.count].title, decidedOn: today.adding(days: -(35 + index % 20)), board: board,
            rationale: decisions[index % decisions.count].rationale, options: decisions[index % decisions.count].options,
            links: [targets[0], targets[1]].compactMap { $0 }), by: .system)
        if let owner {
            let second = decisions[(index + 1) % decisions.count]
            _ = try await store.createDecision(projectID: project.id, fields: DecisionFields(
                title: second.title, decidedOn: today.adding(days: -(5 + index % 9)), deciderID: owner, rationale: second.rationale,
                options: second.options, links: [.assumption(open.id)]), by: .system)
        }
    }

    /// The shapes of the demo's series, so that every Making Data Count signal shows somewhere:
    /// name, unit, direction, frequency, target, and how its values run.
    static let measureShapes: [(name: String, unit: String, direction: ImprovementDirection, frequency: MeasureFrequency, level: Double,
                                spread: Double, target: Double?, shape: String)] = [
        ("Patients seen within 4 hours", "%", .up, .weekly, 68, 2.5, 76, "shift"),
        ("Inpatient falls per 1,000 bed days", "per 1,000 bed days", .down, .monthly, 6.5, 0.6, 5, "outlier"),
        ("Discharges before noon", "%", .up, .weekly, 18, 1.5, 30, "trend"),
        ("Median minutes to antibiotics", "minutes", .down, .weekly, 74, 4, 60, "two-of-three"),
        ("Referrals triaged within 2 days", "%", .up, .weekly, 55, 5, 80, "short"),
        ("Emergency readmissions within 30 days", "%", .down, .monthly, 12.5, 0.8, 12, "common"),
    ]

    /// Measures for each active project: one whose series shows a signal (a shift after a
    /// recalculated change, an outlier with a ghosted week, a trend, two of three, a run chart, or
    /// common cause against a target), and a balancing measure that stays common cause.
    static func loadMeasures(for project: Project, index: Int, team: [(UUID, TeamRole)], into store: Store) async throws {
        guard project.fields.status == .active else { return }
        let owner = team.first { $0.1 == .manager }?.0 ?? team.first?.0
        let today = CalendarDate(store.now())
        var noise = UInt64(index &* 2_654_435_761 &+ 17)
        func wobble() -> Double {
            noise = noise &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double((noise >> 33) % 1_000) / 1_000 - 0.5
        }
        for (number, shapeIndex) in [index % measureShapes.count, 5].enumerated() where number == 0 || index % measureShapes.count != 5 {
            let shape = measureShapes[shapeIndex]
            let balancing = number == 1
            let step = shape.frequency == .weekly ? 7 : 30
            let count = shape.shape == "short" ? 8 : (shape.frequency == .weekly ? 30 : 24)
            let first = today.adding(days: -step * count)
            let measure = try await store.createMeasure(projectID: project.id, fields: MeasureFields(
                name: balancing ? "Emergency readmissions within 30 days" : shape.name,
                definition: balancing ? "Emergency readmissions within 30 days of discharge / discharges, for the project's patients."
                    : "\(shape.name), for the project's patients, from the partners' returns.",
                type: balancing ? .balancing : (shapeIndex == 2 ? .process : .outcome), unit: shape.unit, direction: shape.direction,
                frequency: shape.frequency, dataSource: balancing ? "SUS+ inpatient data" : "Partner returns via the ICB data warehouse",
                ownerID: owner, spcPreset: index % 4 == 3 ? "nhsrplotthedots" : "nhs-england-sql",
                targets: shape.target.map { [MeasureTarget(from: first, value: $0)] } ?? []), by: .system)
            var observations: [ObservationFields] = []
            for point in 0..<count {
                var value = shape.level + shape.spread * wobble() * 2
                var recalculate = false, ghosted = false, note = ""
                if !balancing {
                    switch shape.shape {
                    case "shift" where point >= count - 10:
                        value += shape.spread * 3
                        // Some projects have recalculated their limits at the change; others still judge it by the old ones.
                        if point == count - 10 {
                            recalculate = index % 2 == 1
                            note = "New streaming model began"
                        }
                    case "outlier" where point == count - 1: value = shape.level + shape.spread * 4.5
                    case "outlier" where point == 10:
                        value = shape.level + shape.spread * 6
                        ghosted = true
                        note = "Norovirus outbreak: ward closed"
                    case "trend" where point >= count - 7: value = shape.level + Double(point - (count - 7)) * shape.spread * 0.9
                    case "two-of-three" where point == count - 3 || point == count - 1: value = shape.level - shape.spread * 2.3
                    case "two-of-three" where point == count - 2: value = shape.level - shape.spread * 0.4
                    default: break
                    }
                }
                observations.append(ObservationFields(date: first.adding(days: step * (point + 1)), value: (value * 10).rounded() / 10,
                                                      note: note, ghosted: ghosted, recalculate: recalculate))
            }
            try await store.addObservations(observations, to: measure.id, by: .system)
        }
    }

    /// Benefits for each project: one evidenced by its first measure (its actuals are that
    /// measure's data) with a trajectory to the measure's target; for every other project a
    /// cash-releasing benefit with planned and realised money by financial year and actuals typed
    /// by hand; for every fifth a dis-benefit. Closed projects keep realising theirs.
    static func loadBenefits(for project: Project, index: Int, team: [(UUID, TeamRole)], into store: Store) async throws {
        let owner = team.first { $0.1 == .sro }?.0 ?? team.first?.0
        let today = CalendarDate(store.now())
        let thisYear = FinancialYear(containing: today).startYear
        let statuses: [BenefitStatus] = [.onTrack, .atRisk, .planned, .onTrack, .realised]
        if let measure = try await store.measures(ofProject: project.id).first {
            let observations = try await store.observations(of: measure.id)
            if let first = observations.first, let target = measure.fields.targets.first?.value {
                let targetDate = today.adding(days: 180)
                let middle = DatedValue(date: today.adding(days: -30), value: ((first.fields.value + target) / 2 * 10).rounded() / 10)
                _ = try await store.createBenefit(projectID: project.id, fields: BenefitFields(
                    title: "\(measure.fields.name): from \(MeasureNumber.text(first.fields.value)) to \(MeasureNumber.text(target))",
                    description: "The improvement for patients the project exists for, evidenced by measure \(measure.reference).",
                    category: index % 2 == 0 ? .quality : .patientExperience, ownerID: owner, unit: measure.fields.unit,
                    baseline: DatedValue(date: first.fields.date, value: first.fields.value), target: DatedValue(date: targetDate, value: target),
                    trajectory: [middle], measureIDs: [measure.id], actualsMeasureID: measure.id,
                    status: statuses[index % statuses.count] == .realised ? .onTrack : statuses[index % statuses.count]), by: .system)
            }
        }
        if index % 2 == 1 || project.fields.status == .closed {
            let planned = Double(20 + (index % 7) * 15) * 1_000
            var cash: [BenefitCash] = []
            for offset in -1...1 {
                let year = FinancialYear(startYear: thisYear + offset)
                let realised: Double? = offset < 0 ? (planned * (0.6 + Double(index % 4) * 0.15)).rounded() : (offset == 0 ? (planned * 0.4).rounded() : nil)
                cash.append(BenefitCash(year: year, planned: planned * Double(offset + 2) / 2, realised: realised))
            }
            let bedDays = Double(400 + index * 25)
            var actuals: [DatedValue] = []
            for quarter in 0..<4 {
                actuals.append(DatedValue(date: today.adding(days: -90 * (4 - quarter)), value: (bedDays * Double(quarter + 1) / 5).rounded()))
            }
            _ = try await store.createBenefit(projectID: project.id, fields: BenefitFields(
                title: "Bed days released by shorter stays",
                description: "Acute bed days no longer needed, valued at the ICS's agreed marginal cost and released from the escalation ward budget.",
                category: .cashReleasing, ownerID: owner, unit: "bed days",
                baseline: DatedValue(date: today.adding(days: -400), value: 0),
                target: DatedValue(date: today.adding(days: 300), value: bedDays),
                trajectory: [DatedValue(date: today.adding(days: -200), value: (bedDays * 0.3).rounded()),
                             DatedValue(date: today.adding(days: 60), value: (bedDays * 0.7).rounded())],
                actuals: actuals, status: project.fields.status == .closed ? .realised : statuses[(index + 2) % statuses.count], cash: cash),
                by: .system)
        }
        if index % 5 == 0 {
            _ = try await store.createBenefit(projectID: project.id, fields: BenefitFields(
                title: "Longer journeys for some patients to the new hub",
                description: "Patients in the rural east travel further for the centralised service; transport support is offered.",
                category: .patientExperience, isDisbenefit: true, ownerID: owner, status: .planned), by: .system)
        }
    }

    /// The QI lens of each QI project: an aim, a driver diagram from two primary drivers down to
    /// change ideas, PDSA cycles testing them (the first two judged by the project's first
    /// measure, so its chart marks them), and an annotated event on that chart.
    static func loadQualityImprovement(for project: Project, into store: Store) async throws {
        let measure = try await store.measures(ofProject: project.id).first
        var observations: [Observation] = []
        if let measure { observations = try await store.observations(of: measure.id) }
        let target = measure?.fields.targets.first?.value
        _ = try await store.saveAim(of: project.id, expectedVersion: 0, fields: AimFields(
            statement: "Improve \(measure?.fields.name.lowercased() ?? "the pathway") for the patients of \(project.fields.title.lowercased())",
            byHowMuch: target.map { "to \(MeasureNumber.text($0))\(measure.map { $0.fields.unit == "%" ? "%" : " " + $0.fields.unit } ?? "")" } ?? "by a fifth",
            byWhen: CalendarDate(store.now()).adding(days: 180)), by: .system)
        let tree: [(String, [(String, [String])])] = [
            ("Reliable processes on the ward", [
                ("Standard work at handover", ["Safety huddle at every handover", "Checklist in the electronic record"]),
                ("Early senior review", ["Consultant-led board round by 10am"]),
            ]),
            ("Engaged patients and families", [
                ("Patients know the plan", ["Discharge plan leaflet on admission"]),
            ]),
        ]
        var ideas: [Driver] = []
        for (primaryIndex, (primary, secondaries)) in tree.enumerated() {
            let p = try await store.createDriver(projectID: project.id, fields: DriverFields(kind: .primary, text: primary, position: primaryIndex + 1), by: .system)
            for (secondaryIndex, (secondary, changes)) in secondaries.enumerated() {
                let s = try await store.createDriver(projectID: project.id, fields: DriverFields(
                    kind: .secondary, text: secondary, parentID: p.id, position: secondaryIndex + 1), by: .system)
                for (changeIndex, change) in changes.enumerated() {
                    ideas.append(try await store.createDriver(projectID: project.id, fields: DriverFields(
                        kind: .changeIdea, text: change, parentID: s.id, position: changeIndex + 1), by: .system))
                }
            }
        }
        guard let measure, observations.count >= 8 else { return }
        let dates = observations.map(\.fields.date)
        let cycles: [(String, Int, PDSAStatus, PDSADecision?, String)] = [
            ("Ward 7 tests the huddle for two weeks", 0, .complete, .adapt, "Huddles happened on 9 of 14 days; nights were missed. Adapt: a shorter night huddle."),
            ("Huddle on every ward, days and nights", 0, .complete, .adopt, "Huddles on 26 of 28 shifts; falls fell in line with the prediction. Adopt."),
            ("Board round by 10am on two wards", 2, .running, nil, ""),
        ]
        for (number, cycle) in cycles.enumerated() {
            let start = dates[dates.count - 8 + number * 3]
            _ = try await store.createPDSACycle(projectID: project.id, fields: PDSAFields(
                title: cycle.0, changeIdeaID: ideas[cycle.1].id, status: cycle.2, startDate: start,
                endDate: cycle.2 == .complete ? start.adding(days: 14) : nil,
                plan: "Question: will \(ideas[cycle.1].fields.text.lowercased()) reduce the gaps we see? Prediction: yes, within two weeks. The ward manager leads; the QI lead collects the data daily.",
                doing: cycle.2 == .planned ? "" : "Ran as planned, with the usual staffing.", study: cycle.4,
                act: cycle.3 == .adapt ? "Test the shorter version on nights next." : (cycle.3 == .adopt ? "Make it standard work and spread." : ""),
                decision: cycle.3, measureIDs: number < 2 ? [measure.id] : []), by: .system)
        }
        _ = try await store.createAnnotation(measureID: measure.id, fields: AnnotationFields(
            date: dates[dates.count / 3], kind: .event, label: "Winter escalation ward opened",
            note: "Twelve extra beds, staffed by agency nurses, for six weeks."), by: .system)
    }

    static let milestones: [(title: String, key: Bool)] = [
        ("Project initiation document approved", false), ("Baseline data agreed", false), ("Pilot goes live", true),
        ("Interim evaluation to the programme board", true), ("Handover to business as usual", true),
    ]

    /// A plan for each project: five milestones from before today to well after it, baselined at
    /// the project board; since then some have slipped (one plan rebaselined for it), some are
    /// overdue, and the earliest are complete.
    static func loadPlan(for project: Project, index: Int, team: [(UUID, TeamRole)], into store: Store) async throws {
        let owner = team.first { $0.1 == .manager }?.0 ?? team.first?.0
        let today = CalendarDate(store.now())
        let first = today.adding(days: -100 + (index * 9) % 60)
        var planned: [Milestone] = []
        for (number, seed) in milestones.enumerated() {
            let fields = MilestoneFields(title: seed.title, ownerID: owner, forecastDate: first.adding(days: number * 50),
                                         status: .onTrack, stageID: project.fields.stageID, isKey: seed.key)
            planned.append(try await store.createMilestone(projectID: project.id, fields: fields, by: .system))
        }
        _ = try await store.baselinePlan(projectID: project.id, reason: "Plan approved at the project board.", by: .system)
        for (number, milestone) in planned.enumerated() {
            guard var current = try await store.milestone(milestone.id) else { continue }
            var fields = current.fields
            let closed = project.fields.status != .active
            if closed || fields.forecastDate < today.adding(days: -10) {
                // Done: on time, or a few days late.
                fields.actualDate = min(fields.forecastDate.adding(days: (index + number) % 3 == 0 ? 6 : 0), today)
                fields.status = .complete
            } else if index % 3 == 0 && number >= 2 {
                fields.forecastDate = fields.forecastDate.adding(days: 21 + (index % 4) * 7)
                fields.status = .atRisk
                fields.notes = "Slipped: the supplier's equipment arrived late."
            } else if index % 4 == 1 && fields.forecastDate < today {
                fields.status = .missed
                fields.notes = "Waiting for the partners' sign-off."
            }
            if fields != current.fields {
                current = try await store.updateMilestone(current.id, expectedVersion: current.version, fields: fields, by: .system)
            }
        }
        if index % 6 == 3 && project.fields.status == .active {
            _ = try await store.baselinePlan(projectID: project.id,
                                             reason: "Change request approved at the programme board: go-live moved after winter.",
                                             by: .system)
        }
    }

    /// A team drawn from the lead and partner organisations' people, with every team role in use.
    static func demoTeam(for seed: ProjectSeed, index: Int, people: [Person], organisationIDs: [UUID]) -> [(UUID, TeamRole)] {
        let involved = Set(([seed.lead] + seed.partners).map { organisationIDs[$0] })
        let members = people.filter { involved.contains($0.organisationID) && ($0.role == .member || $0.role == .orgadmin) }
        let others = people.filter { !involved.contains($0.organisationID) && $0.role == .member }
        var team: [(UUID, TeamRole)] = []
        func add(_ person: Person?, _ role: TeamRole) {
            guard let person, !team.contains(where: { $0.0 == person.id }) else { return }
            team.append((person.id, role))
        }
        add(members.first { $0.role == .orgadmin } ?? members.first, .sro)
        add(members.first { $0.role == .member } ?? others[index % others.count], .manager)
        if seed.methodology == .qi { add(members.dropFirst(2).first ?? others[(index + 1) % others.count], .qilead) }
        add(others[(index + 3) % others.count], .member)
        // The board members observe a few projects: read-only, whatever their team role.
        if index % 4 == 0 { add(people.first { $0.role == .viewer }, .observer) }
        if index % 5 == 0 { add(people.last { $0.role == .viewer }, .member) }
        // The demo project manager runs several projects of every visibility.
        if index % 6 == 4, let sam = people.first(where: { $0.email == projectManagerEmail }) { add(sam, .manager) }
        return team
    }
}
