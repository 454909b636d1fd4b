/// A person's one system role (DESIGN.md, Access).
public enum SystemRole: String, CaseIterable, Codable, Sendable, Comparable {
    /// System administrator.
    case admin
    /// The system portfolio office.
    case portfolio
    /// An organisation's portfolio lead and people administrator.
    case orgadmin
    /// Creates projects and works on teams.
    case member
    /// Read-only account (a board member): never changes anything, whatever team role it holds.
    case viewer

    public var label: String {
        switch self {
        case .admin: "System administrator"
        case .portfolio: "Portfolio office"
        case .orgadmin: "Organisation admin"
        case .member: "Member"
        case .viewer: "Viewer (read only)"
        }
    }

    private var rank: Int { SystemRole.allCases.firstIndex(of: self)! }
    /// Ordered from most to least powerful.
    public static func < (lhs: SystemRole, rhs: SystemRole) -> Bool { lhs.rank < rhs.rank }
}

/// A person's role on one project team.
public enum TeamRole: String, CaseIterable, Codable, Sendable {
    case sro
    case manager
    case qilead
    case member
    case observer

    public var label: String {
        switch self {
        case .sro: "Senior responsible owner"
        case .manager: "Project manager"
        case .qilead: "QI lead"
        case .member: "Team member"
        case .observer: "Observer"
        }
    }

    /// Team roles that may change a project's content.
    public var editsContent: Bool { self != .observer }
    /// Team roles that may manage the team, visibility, stage and closing.
    public var managesProject: Bool { self == .sro || self == .manager }
}

/// Who may read a project, besides administrators and its team.
public enum Visibility: String, CaseIterable, Codable, Sendable {
    /// Every signed-in person.
    case system
    /// People of the lead and partner organisations.
    case organisation
    /// The project team.
    case team

    public var label: String {
        switch self {
        case .system: "Everyone in the system"
        case .organisation: "Lead and partner organisations"
        case .team: "Project team only"
        }
    }
}
