import Vapor

/// Cross-site request forgery protection for forms. Every form that changes something carries
/// the session's token; `verifiedForm()` is the only way handlers read a form, so none can forget.
enum CSRF {
    static let fieldName = "_csrf"
}

extension Request {
    /// The submitted form, after checking its CSRF token against the session's.
    func verifiedForm() async throws -> FormData {
        let form = try await formData()
        try verifyCSRF(form[CSRF.fieldName])
        return form
    }

    /// Throws unless `sent` is the session's CSRF token.
    func verifyCSRF(_ sent: String?) throws {
        guard let expected = signedIn?.csrfToken, let sent, SecretTokens.equal(sent, expected) else {
            throw WaymarkError.csrf
        }
    }

    /// The raw form, unchecked: only for the sign-in form, which checks its own token.
    func formData() async throws -> FormData {
        let buffer = try await body.collect(max: 1_048_576).get()
        guard let buffer else { return FormData() }
        return FormData(encoded: String(decoding: buffer.readableBytesView, as: UTF8.self)).foldingDates()
    }

    var queryData: FormData {
        FormData(encoded: url.query ?? "")
    }
}
