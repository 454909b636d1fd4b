import Foundation
import WaymarkDomain

extension PortfolioQuery {
    /// Reads filters, sort and page from a query string. The page and the API use the same names:
    /// organisation, programme, theme, stage, methodology, status, visibility, q, delivery, past_end, sort, order,
    /// page, per_page. A filter form sends empty values for "any"; the API is `strict` and refuses them.
    /// `today` is the day `past_end=true` (active projects past their end date) is judged on; the
    /// callers that read only the page give none.
    static func parse(_ query: FormData, defaultPerPage: Int, strict: Bool = false,
                      today: CalendarDate? = nil) -> (PortfolioQuery, [FieldError]) {
        var errors = FieldErrors()
        func present(_ name: String) -> String? { query.listValue(name, strict: strict, errors: &errors) }
        func id(_ name: String) -> UUID? {
            guard let text = present(name) else { return nil }
            guard let id = UUID(uuidString: text) else {
                errors.add(name, "\(name) must be an id (a UUID)")
                return nil
            }
            return id
        }
        func choice<T: RawRepresentable>(_ name: String, _ type: T.Type, _ message: @autoclosure () -> String) -> T?
            where T.RawValue == String {
            guard let text = present(name) else { return nil }
            guard let value = T(rawValue: text) else {
                errors.add(name, message())
                return nil
            }
            return value
        }
        var result = PortfolioQuery()
        result.organisationID = id("organisation")
        result.programmeID = id("programme")
        result.themeID = id("theme")
        result.stageID = id("stage")
        result.methodology = choice("methodology", Methodology.self, "Choose a methodology from the list: project management, quality improvement or programme")
        result.status = choice("status", ProjectStatus.self, "Choose a status from the list: active, on hold, closed or cancelled")
        result.visibility = choice("visibility", Visibility.self, "Choose who can see it from the list")
        if let text = present("q") {
            if text.length > 200 { errors.add("q", "q must be 200 characters or fewer") } else { result.text = text }
        }
        result.delivery = choice("delivery", DeliveryFilter.self, "Choose a delivery status from the list: red, amber, green, blue or not-reported")
        switch present("past_end") {
        case nil, "false": break
        case "true": result.activePastEndOn = today
        default: errors.add("past_end", "Choose whether to show only projects past their end date: true or false")
        }
        result.sort = choice("sort", PortfolioSort.self, "Sort by "
                             + PortfolioSort.allCases.map { $0.label.lowercased() }.joined(separator: ", ").replacingLastComma(with: " or ")) ?? .title
        switch present("order") {
        case nil, "asc": result.descending = false
        case "desc": result.descending = true
        default: errors.add("order", "Choose the order: ascending (asc) or descending (desc)")
        }
        result.page = PageRequest.parse(query, defaultPerPage: defaultPerPage, strict: strict, errors: &errors)
        return (result, errors.errors)
    }

    /// The query string that reproduces this query, for links (sort, pages, removing a filter).
    var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let organisationID { items.append(("organisation", organisationID.lowercasedText)) }
        if let programmeID { items.append(("programme", programmeID.lowercasedText)) }
        if let themeID { items.append(("theme", themeID.lowercasedText)) }
        if let stageID { items.append(("stage", stageID.lowercasedText)) }
        if let methodology { items.append(("methodology", methodology.rawValue)) }
        if let status { items.append(("status", status.rawValue)) }
        if let visibility { items.append(("visibility", visibility.rawValue)) }
        if let text { items.append(("q", text)) }
        if let delivery { items.append(("delivery", delivery.rawValue)) }
        if activePastEndOn != nil { items.append(("past_end", "true")) }
        if sort != .title { items.append(("sort", sort.rawValue)) }
        if descending { items.append(("order", "desc")) }
        return items
    }
}

extension PageRequest {
    /// The page of a list a query string asks for (`page`, `per_page`), as every list reads it.
    static func parse(_ query: FormData, defaultPerPage: Int, strict: Bool, errors: inout FieldErrors) -> PageRequest {
        PageRequest(page: query.wholeNumber("page", in: 1...100_000, strict: strict, errors: &errors) ?? 1,
                    perPage: query.wholeNumber("per_page", in: 1...PageRequest.maximumPerPage, strict: strict, errors: &errors)
                        ?? defaultPerPage)
    }
}

extension FormData {
    /// A list query's whole-number parameter (a page, a page size): "2" and "2.0" are 2; anything
    /// else, or a number outside `range`, is refused with the one message every list gives.
    func wholeNumber(_ name: String, in range: ClosedRange<Int>, strict: Bool, errors: inout FieldErrors) -> Int? {
        guard let text = listValue(name, strict: strict, errors: &errors) else { return nil }
        guard let number = Double(text), number == number.rounded(), let whole = Int(exactly: number), range.contains(whole) else {
            errors.add(name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return whole
    }

    /// A list query's parameter: trimmed, and nil when empty, from a form; from the API (`strict`),
    /// exactly as sent, and refused when given twice or empty (apart from an empty search, which
    /// is no search, as /people?q= has it).
    func listValue(_ name: String, strict: Bool, errors: inout FieldErrors) -> String? {
        guard let text = self[name] else { return nil }
        guard strict else { return text.trimmedOrNil }
        if all(name).count > 1 { errors.add(name, "\(name) must be given once") }
        if text.isEmpty && name != "q" { errors.add(name, "\(name) cannot be empty: leave it out instead") }
        return text.isEmpty ? nil : text
    }
}

extension String {
    /// "a, b, c" as "a, b or c".
    func replacingLastComma(with text: String) -> String {
        guard let range = range(of: ", ", options: .backwards) else { return self }
        return replacingCharacters(in: range, with: text)
    }
}
