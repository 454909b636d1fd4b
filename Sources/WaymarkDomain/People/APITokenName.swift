/// The name a person gives an API token, so they can tell their tokens apart.
public enum APITokenName {
    public static let limit = 100

    public static func validate(_ text: String?) throws -> String {
        var errors = FieldErrors()
        let name = errors.text(text, "name", "Name", limit: limit, blank: "Enter a name for the token, like 'Monthly report script'")
        try errors.throwIfAny()
        return name!
    }
}
