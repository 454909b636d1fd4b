/// The name a person gives an API token, so they can tell their tokens apart.
public enum APITokenName {
    public static let limit = 100

    public static func validate(_ text: String?) throws -> String {
        var errors = FieldErrors()
        errors.refuseControlCharacters(text, "name", "Name")
        let name = text.trimmedOrNil
        if name == nil { errors.add("name", "Enter a name for the token, like 'Monthly report script'") }
        else if name!.length > limit { errors.add("name", "Name must be \(limit) characters or fewer") }
        try errors.throwIfAny()
        return name!
    }
}
