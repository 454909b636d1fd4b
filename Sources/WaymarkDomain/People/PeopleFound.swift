import Foundation

/// People found for a team: each with their organisation's name and their role on this team if
/// they have one, in name order, at most the limit asked for, and how many matched in all.
public struct PeopleFound: Sendable {
    public struct Match: Sendable {
        public var person: Person
        public var organisationName: String
        public var teamRole: TeamRole?

        public init(person: Person, organisationName: String, teamRole: TeamRole?) {
            self.person = person
            self.organisationName = organisationName
            self.teamRole = teamRole
        }
    }

    /// What was searched for, as searched.
    public var text: String
    public var matches: [Match]
    public var total: Int

    public init(text: String, matches: [Match], total: Int) {
        self.text = text
        self.matches = matches
        self.total = total
    }
}
