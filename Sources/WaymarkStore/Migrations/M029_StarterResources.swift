import WaymarkDomain

/// The resources Waymark ships (M029), written for Waymark: a template for each document the
/// lifecycle asks for and a short guide to each lifecycle stage, each linked to the stages it
/// serves (by the stage's key). The portfolio office edits them from there.
enum StarterResources {
    struct Resource {
        let title: String
        let kind: ResourceKind
        let summary: String
        let stages: [String]
        let tags: [String]
        let body: String
    }

    static let resources: [Resource] = templates + guides

    static let templates: [Resource] = [
        Resource(title: "Project initiation document (PID) template", kind: .template,
                 summary: "The headings a project initiation document needs, with what to write under each.",
                 stages: ["initiation"], tags: ["governance", "planning"], body: """
            # Project initiation document

            Write it for a board member who has ten minutes. Link to detail rather than copying it in: the aim, scope, plan, RAID log and measures already live in Waymark.

            ## 1. Background
            Why this work, why now. The problem in one paragraph, with the evidence.

            ## 2. Aim and objectives
            The aim: what will be better, for whom, by how much and by when. Then the objectives that must be met to reach it, each SMART.

            ## 3. Scope
            - **In scope:** the services, sites, people and processes the project will change.
            - **Out of scope:** what it will not change, and who owns it instead.

            ## 4. Benefits
            Each benefit with its owner, baseline, target and how it will be measured. Record them as benefit profiles in Waymark and list them here.

            ## 5. Plan and key milestones
            The stages, the key milestones with their dates, and the gate reviews. Baseline the plan in Waymark when the board approves this document.

            ## 6. Governance
            The senior responsible owner, the project manager, the board and its terms of reference, how often it meets, and the tolerances in time, cost and scope beyond which the board decides.

            ## 7. Resources and budget
            People (with the time each gives), money (capital and revenue, by financial year) and where each comes from.

            ## 8. Risks, assumptions, issues and dependencies
            The top risks with their current scores and responses, the assumptions the plan rests on, and what the project needs from others. Keep the full RAID log in Waymark.

            ## 9. Stakeholders and communication
            Who is affected, how they will be involved, and how the project will report.

            ## 10. Quality and learning
            How the project will know its outputs are good enough, and the lessons from other projects it has reviewed (Waymark's "Learn before").

            ## Approval
            | Role | Name | Date |
            | --- | --- | --- |
            | Senior responsible owner | | |
            | Chair of the board | | |
            """),
        Resource(title: "Highlight report template", kind: .template,
                 summary: "What a monthly highlight report covers, for boards that want the same shape from every project.",
                 stages: ["delivery"], tags: ["reporting", "governance"], body: """
            # Highlight report

            **Project:** code and title · **Period:** from – to · **Overall status:** Red, Amber, Green or Blue

            Red and amber need one sentence saying why, and what would bring it back to green.

            ## Status by dimension
            | Dimension | RAG | Why |
            | --- | --- | --- |
            | Schedule | | |
            | Finance | | |
            | Resources | | |
            | Risks and issues | | |
            | Benefits | | |
            | Scope and quality | | |

            ## Summary
            Three or four sentences a board member can repeat.

            ## Done this period
            - The milestones reached and the products completed.

            ## Planned next period
            - The milestones due and the work that leads to them.

            ## Tolerances
            Is the project forecast to stay within its time, cost and scope tolerances? If not, raise an exception report instead of waiting for the next highlight.

            ## Key risks and issues
            The few that matter to the board, with their current scores and what is being done.

            ## Decisions and support needed
            What the board is asked to decide or do, by when.

            ## Lessons
            Anything learnt this period that others should know. Record it in the project's lessons log.
            """),
        Resource(title: "Benefit profile template", kind: .template,
                 summary: "Everything one benefit needs written down before it can be tracked and realised.",
                 stages: ["business-case", "initiation", "benefits"], tags: ["benefits"], body: """
            # Benefit profile

            One profile per benefit (and per dis-benefit). Waymark's benefit form holds each of these fields; use this to agree them with the benefit's owner first.

            - **Benefit:** what will be better, in a sentence.
            - **Category:** cash-releasing, non-cash-releasing, quality, safety, patient experience, staff, sustainability.
            - **Owner:** the person in the service (not the project) accountable for realising it.
            - **Measure:** how it will be measured, the data source, and how often.
            - **Baseline:** the value now, and its date.
            - **Target:** the value to reach, and by when.
            - **Trajectory:** the values expected along the way.
            - **Dependencies:** what must happen for it to be realised (outputs delivered, other projects, decisions).
            - **Dis-benefits:** any negative effect that comes with it.
            - **Cash (cash-releasing only):** planned release by financial year, April to March, and the budget it comes out of.

            Agree with the finance lead how a cash-releasing benefit will be evidenced before the business case is approved.
            """),
        Resource(title: "Lessons review template", kind: .template,
                 summary: "A short structure for an after-action review or a retrospect, and how to record what it finds.",
                 stages: ["delivery", "closure"], tags: ["learning"], body: """
            # Lessons review

            Hold it within two weeks of the event or stage, for an hour, with the people who did the work. A facilitator who was not involved keeps it honest.

            ## The four questions
            1. What was supposed to happen?
            2. What actually happened?
            3. Why was there a difference?
            4. What will we do the same, and differently, next time?

            ## Recording what it finds
            Record each lesson in the project's lessons log in Waymark, one lesson per entry:
            - the lesson in one sentence;
            - what happened and why;
            - whether to **repeat** it or **avoid** it;
            - a recommendation someone else can act on;
            - its themes and tags, so that it is offered to the projects it will help.

            A lesson is only learnt when someone else changes what they do because of it.
            """),
        Resource(title: "Gate review checklist", kind: .template,
                 summary: "The questions a board asks at each gate, and the evidence to bring.",
                 stages: ["proposal", "business-case", "initiation", "closure"], tags: ["governance", "assurance"], body: """
            # Gate review checklist

            Bring the evidence; the board decides to approve, approve with conditions, defer or reject.

            ## Gate 0: proposal
            - [ ] The problem is described with evidence, and the outcome wanted is clear.
            - [ ] Options have been listed, including doing nothing.
            - [ ] An SRO has agreed to own it.

            ## Gate 1: business case
            - [ ] The preferred option is justified against the others.
            - [ ] Costs, benefits (with profiles) and risks are set out and affordable.
            - [ ] Partners whose services are affected have been involved.

            ## Gate 2: initiation
            - [ ] The project initiation document is complete and the plan is baselined in Waymark.
            - [ ] The board, tolerances and reporting are agreed.
            - [ ] The RAID log is started and the top risks have owners.
            - [ ] Lessons from similar projects have been reviewed.

            ## Gate 3: closure
            - [ ] Outputs are delivered and handed over to named owners.
            - [ ] Open risks, issues and actions are closed or handed on.
            - [ ] Benefits have owners and measures for after closure.
            - [ ] A lessons review has been held and its lessons recorded.
            """),
        Resource(title: "Risk register template", kind: .template,
                 summary: "How to write a risk so the register is useful: cause, event, effect, scores, response and owner.",
                 stages: ["initiation", "delivery"], tags: ["risk"], body: """
            # Risk register

            Waymark keeps each project's risk register; this is how to write each risk well.

            ## Write it as cause, event and effect
            *Because of* a cause, *there is a risk that* an event happens, *which would lead to* an effect.

            > Because of vacancies in the community team, there is a risk that the service cannot open five days a week, which would lead to patients staying in hospital longer.

            ## Score it three times
            Likelihood (1 rare to 5 almost certain) times consequence (1 negligible to 5 catastrophic), each from 1 to 25:
            - **inherent:** before any controls;
            - **current:** with the controls in place now;
            - **target:** once the planned actions are done.

            ## Respond, and give it an owner
            Treat, tolerate, transfer or terminate. Every risk has an owner, actions with dates, and a review date. A risk whose current score reaches the escalation threshold (15 by default) is a candidate for the organisation's or the system's register.
            """),
    ]

    static let guides: [Resource] = [
        Resource(title: "Guide: idea or mandate", kind: .guide, summary: "What to do when an idea first arrives, before anyone writes a proposal.",
                 stages: ["mandate"], tags: [], body: """
            # Idea or mandate

            Capture the idea in Waymark as a project at this stage, so that the portfolio can see it coming.

            - Write the problem, not the solution, in the aim.
            - Name who asked for it and who would own it.
            - Search the lessons log and the portfolio: is someone already doing this, or did someone try?
            - Agree who will write the proposal, and by when.
            """),
        Resource(title: "Guide: proposal (gate 0)", kind: .guide, summary: "Turning an idea into an outline case the board can say yes or no to.",
                 stages: ["proposal"], tags: [], body: """
            # Proposal

            The outline business case answers: what is the problem, what are the options, which one looks best, roughly what will it cost and what will it give.

            - Keep it short: the board decides whether it is worth a full business case.
            - Include doing nothing as an option.
            - List the partners the change affects and talk to them before the gate.
            - Use the gate review checklist for gate 0.
            """),
        Resource(title: "Guide: business case (gate 1)", kind: .guide, summary: "Making the full case: options, costs, benefits and risks.",
                 stages: ["business-case"], tags: [], body: """
            # Business case

            The full business case makes the argument for the preferred option.

            - Compare the options against the same criteria.
            - Write a benefit profile for each benefit, with its owner and measure.
            - Cost every year of the work, capital and revenue apart, with the contingency held by the board.
            - Record the top risks in Waymark, scored.
            - Use the gate review checklist for gate 1.
            """),
        Resource(title: "Guide: initiation (gate 2)", kind: .guide, summary: "Setting the project up to be run: PID, plan, board, RAID log, measures.",
                 stages: ["initiation"], tags: [], body: """
            # Initiation

            Initiation sets the project up so that anyone can see how it is going.

            - Write the project initiation document (use the template).
            - Add the milestones and baseline the plan in Waymark once the board approves it.
            - Set up the RAID log: risks, assumptions, issues and dependencies, each with an owner.
            - Add the measures and benefits; agree the data sources with partners now.
            - Review the lessons Waymark offers this project ("Learn before") and mark those the team read.
            """),
        Resource(title: "Guide: delivery", kind: .guide, summary: "Running the work: reporting, managing risks and changes, and learning as you go.",
                 stages: ["delivery"], tags: [], body: """
            # Delivery

            - Keep the plan's forecasts honest: slippage is worked out from them.
            - Review risks by their review dates; escalate what is beyond the project.
            - Raise an exception report as soon as a tolerance will be broken, not at the next meeting.
            - Record decisions in the decisions log as they are made.
            - Hold short after-action reviews after key events and record the lessons.
            """),
        Resource(title: "Guide: closure (gate 3)", kind: .guide, summary: "Closing well: handover, benefits ownership and lessons.",
                 stages: ["closure"], tags: [], body: """
            # Closure

            - Hand over what the project delivered to named owners in business as usual.
            - Close or hand on every open risk, issue and action.
            - Confirm each benefit has an owner and a measure for after closure.
            - Hold a retrospect (use the lessons review template) and record its lessons.
            - Write the closure report and take it to the gate 3 review.
            """),
        Resource(title: "Guide: benefits realisation", kind: .guide, summary: "Tracking benefits after the project has closed.",
                 stages: ["benefits"], tags: [], body: """
            # Benefits realisation

            Most benefits arrive after the project closes. The project stays in Waymark at this stage so they can still be tracked.

            - The benefit owner records actuals (or links the measure that provides them).
            - Compare actuals with the planned trajectory each quarter; record cash released by financial year.
            - When a benefit is realised, or will not be, say so and why.
            """),
    ]
}
