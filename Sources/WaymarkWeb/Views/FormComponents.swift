import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// The CSRF token every form that changes something carries.
struct CSRFField: Component {
    let token: String?
    var body: Component {
        VoidEl("input", [("type", "hidden"), ("name", CSRF.fieldName), ("value", token ?? "")])
    }
}

/// Top-of-page list of every problem, each linking to its field (GOV.UK error summary).
struct ErrorSummary: Component {
    let errors: [FieldError]

    var body: Component {
        if errors.isEmpty { return ComponentGroup(members: []) }
        return El("div", [("class", "wm-error-summary"), ("aria-labelledby", "error-summary-title"), ("role", "alert"),
                          ("tabindex", "-1"), ("data-module", "error-summary")]) {
            El("h2", [("class", "wm-error-summary__title"), ("id", "error-summary-title")]) { Safe("There is a problem") }
            El("ul", [("class", "wm-list wm-error-summary__list")]) {
                for error in errors {
                    El("li") { El("a", [("href", "#" + error.field)]) { Safe(error.message) } }
                }
            }
        }
    }
}

/// Field chrome shared by every input: label, hint, error message, and the ids tying them together.
struct FieldFrame {
    let name: String
    let label: String
    let hint: String?
    let error: String?

    var describedBy: String? {
        let ids = [hint == nil ? nil : name + "-hint", error == nil ? nil : name + "-error"].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    var groupClass: String { error == nil ? "wm-form-group" : "wm-form-group wm-form-group--error" }

    @ComponentBuilder
    var labelAndMessages: ComponentGroup {
        El("label", [("class", "wm-label"), ("for", name)]) { Safe(label) }
        messages
    }

    @ComponentBuilder
    var messages: ComponentGroup {
        if let hint { El("div", [("class", "wm-hint"), ("id", name + "-hint")]) { Safe(hint) } }
        if let error {
            El("p", [("class", "wm-error-message"), ("id", name + "-error")]) {
                El("span", [("class", "wm-visually-hidden")]) { Safe("Error: ") }
                Safe(error)
            }
        }
    }
}

struct TextInput: Component {
    var name: String
    var label: String
    var hint: String? = nil
    var value: String?
    var error: String? = nil
    var type: String = "text"
    var width: String? = nil
    var autocomplete: String? = nil
    var extra: [(String, String?)] = []

    var body: Component {
        // Dates as NHS services take them: day, month and year boxes.
        if type == "date" { return DateInput(name: name, label: label, hint: hint, value: value, error: error).body }
        let frame = FieldFrame(name: name, label: label, hint: hint, error: error)
        let classes = ["wm-input", width.map { "wm-input--" + $0 }, error == nil ? nil : "wm-input--error"].compactMap { $0 }
        return El("div", [("class", frame.groupClass)]) {
            frame.labelAndMessages
            VoidEl("input", [("class", classes.joined(separator: " ")), ("id", name), ("name", name), ("type", type),
                             ("value", value ?? ""), ("aria-describedby", frame.describedBy),
                             ("autocomplete", autocomplete)] + extra)
        }
    }
}

/// The NHS.UK date input: a fieldset of day, month and year boxes (`name-day`, `name-month`,
/// `name-year`; `FormData.foldingDates` makes them one `name` again). The day box carries the
/// field's id, so the error summary's link lands in it. `value` is a date (`YYYY-MM-DD`) or what
/// was typed (`day/month/year`), shown again as typed.
struct DateInput: Component {
    var name: String
    var label: String
    var hint: String? = nil
    var value: String?
    var error: String? = nil

    /// Day, month and year as they go in the boxes.
    var parts: [String] {
        guard let value, !value.isEmpty else { return ["", "", ""] }
        if let date = CalendarDate(value) { return [String(date.day), String(date.month), String(date.year)] }
        let typed = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return typed.count == 3 ? typed : ["", "", ""]
    }

    var body: Component {
        let frame = FieldFrame(name: name, label: label, hint: (hint.map { $0 + " " } ?? "") + "For example, 27 3 2026.", error: error)
        let parts = self.parts
        let boxes: [(suffix: String, label: String, width: String, id: String)] = [
            ("day", "Day", "2", name), ("month", "Month", "2", name + "-month"), ("year", "Year", "4", name + "-year"),
        ]
        return El("div", [("class", frame.groupClass)]) {
            El("fieldset", [("class", "wm-fieldset"), ("role", "group"), ("aria-describedby", frame.describedBy)]) {
                El("legend", [("class", "wm-fieldset__legend wm-label")]) { Safe(label) }
                frame.messages
                El("div", [("class", "wm-date-input")]) {
                    for (index, box) in boxes.enumerated() {
                        El("div", [("class", "wm-date-input__item")]) {
                            El("label", [("class", "wm-label wm-date-input__label"), ("for", box.id)]) { Safe(box.label) }
                            VoidEl("input", [("class", "wm-input wm-date-input__input wm-input--width-\(box.width)"
                                                + (error == nil ? "" : " wm-input--error")),
                                             ("id", box.id), ("name", name + "-" + box.suffix), ("type", "text"),
                                             ("inputmode", "numeric"), ("value", parts[index]), ("spellcheck", "false")])
                        }
                    }
                }
            }
        }
    }
}

struct TextAreaField: Component {
    var name: String
    var label: String
    var hint: String? = nil
    var value: String?
    var error: String? = nil
    var rows = 4

    var body: Component {
        let frame = FieldFrame(name: name, label: label, hint: hint, error: error)
        return El("div", [("class", frame.groupClass)]) {
            frame.labelAndMessages
            El("textarea", [("class", error == nil ? "wm-textarea" : "wm-textarea wm-textarea--error"), ("id", name),
                            ("name", name), ("rows", String(rows)), ("aria-describedby", frame.describedBy)]) {
                // A newline straight after <textarea> is dropped by parsers; keep the person's leading newline.
                Node<Any>.raw("\n")
                Safe(value ?? "")
            }
        }
    }
}

struct SelectField: Component {
    var name: String
    var label: String
    var hint: String? = nil
    var options: [(value: String, label: String)]
    var selected: String?
    var error: String? = nil
    /// The first, empty choice ("Select an organisation"); nil for none.
    var blank: String? = nil

    var body: Component {
        let frame = FieldFrame(name: name, label: label, hint: hint, error: error)
        return El("div", [("class", frame.groupClass)]) {
            frame.labelAndMessages
            El("select", [("class", error == nil ? "wm-select" : "wm-select wm-select--error"), ("id", name),
                          ("name", name), ("aria-describedby", frame.describedBy)]) {
                if let blank { El("option", [("value", "")]) { Safe(blank) } }
                for option in options {
                    El("option", [("value", option.value), ("selected", option.value == selected ? "" : nil)]) { Safe(option.label) }
                }
            }
        }
    }
}

/// A group of checkboxes or radios in a fieldset; the first input carries the field's id so the
/// error summary can link to it.
struct ChoiceGroup: Component {
    enum Kind: String { case checkbox, radio }
    var kind: Kind
    var name: String
    var legend: String
    var hint: String? = nil
    var options: [(value: String, label: String)]
    var selected: Set<String>
    var error: String? = nil
    var small = false

    var body: Component {
        let frame = FieldFrame(name: name, label: legend, hint: hint, error: error)
        return El("div", [("class", frame.groupClass)]) {
            El("fieldset", [("class", "wm-fieldset"), ("aria-describedby", frame.describedBy)]) {
                El("legend", [("class", "wm-fieldset__legend")]) { Safe(legend) }
                frame.messages
                El("div", [("class", "wm-\(kind.rawValue)es" + (small ? " wm-choices--small" : ""))]) {
                    for (index, option) in options.enumerated() {
                        let id = index == 0 ? name : name + "-" + String(index + 1)
                        El("div", [("class", "wm-choice")]) {
                            VoidEl("input", [("class", "wm-choice__input"), ("id", id), ("name", name), ("type", kind.rawValue),
                                             ("value", option.value), ("checked", selected.contains(option.value) ? "" : nil)])
                            El("label", [("class", "wm-label wm-choice__label"), ("for", id)]) { Safe(option.label) }
                        }
                    }
                }
            }
        }
    }
}

/// A form's submit button in one of the styles (`primary`, `secondary`, `warning`); named
/// apart from Plot's own `Button`.
struct SubmitButton: Component {
    var label: String
    var style: String = "primary"
    var name: String? = nil
    var value: String? = nil

    var body: Component {
        El("button", [("type", "submit"), ("class", "wm-button wm-button--" + style), ("name", name), ("value", value)]) {
            Safe(label)
        }
    }
}

/// A status label: always text, never colour alone.
struct Tag: Component {
    var text: String
    var colour: String

    var body: Component {
        El("strong", [("class", "wm-tag wm-tag--" + colour)]) { Safe(text) }
    }
}

extension HTMLBytes {
    /// A tag, as the component writes it.
    mutating func tag(_ tag: Tag) {
        element("strong", [("class", "wm-tag wm-tag--" + tag.colour)], text: tag.text)
    }

    /// A date's "Overdue" tag, after a space.
    mutating func overdue() {
        text(" ")
        self.tag(Tag(text: "Overdue", colour: "red"))
    }
}

extension ProjectStatus {
    var tag: Tag {
        switch self {
        case .active: Tag(text: label, colour: "green")
        case .onHold: Tag(text: label, colour: "yellow")
        case .closed: Tag(text: label, colour: "blue")
        case .cancelled: Tag(text: label, colour: "grey")
        }
    }
}

extension Visibility {
    var tag: Tag {
        switch self {
        case .system: Tag(text: "Visible to everyone", colour: "white")
        case .organisation: Tag(text: "Organisations only", colour: "purple")
        case .team: Tag(text: "Team only", colour: "orange")
        }
    }
}

/// Key-value rows (GOV.UK summary list).
struct SummaryList: Component {
    var rows: [(String, Component)]

    var body: Component {
        El("dl", [("class", "wm-summary-list")]) {
            for (key, value) in rows {
                El("div", [("class", "wm-summary-list__row")]) {
                    El("dt", [("class", "wm-summary-list__key")]) { Safe(key) }
                    El("dd", [("class", "wm-summary-list__value")]) { value }
                }
            }
        }
    }
}

/// Text with its line breaks kept (aims, scope), escaped.
struct MultilineText: Component {
    var text: String
    var empty = "Not recorded"

    var body: Component {
        if text.isEmpty { return El("span", [("class", "wm-secondary")]) { Safe(empty) } }
        return ComponentGroup(members: text.components(separatedBy: "\n").enumerated().flatMap { index, line -> [Component] in
            index == 0 ? [Safe(line)] : [Node<Any>.raw("<br>"), Safe(line)]
        })
    }
}

/// A link whose text and address are escaped; named apart from Plot's own `Link`.
struct TextLink: Component {
    var text: String
    var href: String
    var extra: [(String, String?)] = []
    init(_ text: String, _ href: String, extra: [(String, String?)] = []) {
        self.text = text
        self.href = href
        self.extra = extra
    }
    var body: Component { El("a", [("href", href)] + extra) { Safe(text) } }
}

/// Said above a form refused with 409: someone else saved the record first. The person's changes
/// stay in the form; the current record opens beside it.
struct ConflictNotice: Component {
    var noun: String
    var version: Int
    var current: String

    var body: Component {
        El("div", [("class", "wm-inset")]) {
            El("p", [("class", "wm-body")]) {
                Safe("The \(noun) is now at version \(version). Your changes are still in the form below, unsaved. ")
                El("a", [("href", current), ("target", "_blank")]) { Safe("Open the current \(noun) (opens in a new tab)") }
                Safe(", then reload this form and make your change again.")
            }
        }
    }
}

struct Pagination: Component {
    var page: Int
    var pageCount: Int
    var total: Int
    var noun: String
    /// What the navigation is named to assistive technology: unique on a page with several lists.
    var label = "Pages"
    var link: (Int) -> String

    /// The page numbers to offer: the first, the last, and two either side of this one; nil where
    /// pages are left out between them.
    static func numbers(page: Int, pageCount: Int) -> [Int?] {
        // A page past the last (an old link) still offers the first and the last.
        let around = page <= pageCount ? Array(max(1, page - 2)...min(pageCount, page + 2)) : []
        let shown = Set([1, pageCount] + around)
        var numbers: [Int?] = []
        var previous = 0
        for number in shown.sorted() where number >= 1 && number <= pageCount {
            if number > previous + 1 { numbers.append(nil) }
            numbers.append(number)
            previous = number
        }
        return numbers
    }

    var body: Component {
        El("nav", [("class", "wm-pagination"), ("aria-label", label)]) {
            El("p", [("class", "wm-pagination__summary")]) {
                Safe("Page \(page) of \(pageCount) · \(total) \(noun)")
            }
            El("ul", [("class", "wm-pagination__list")]) {
                if page > 1 {
                    El("li") { El("a", [("href", link(page - 1)), ("rel", "prev")]) { Safe("Previous page") } }
                }
                for number in Self.numbers(page: page, pageCount: pageCount) {
                    if let number {
                        El("li", [("class", "wm-pagination__item")]) {
                            if number == page {
                                El("a", [("href", link(number)), ("aria-current", "page"), ("aria-label", "Page \(number), this page"),
                                         ("class", "wm-pagination__current")]) { Safe(String(number)) }
                            } else {
                                El("a", [("href", link(number)), ("aria-label", "Page \(number)")]) { Safe(String(number)) }
                            }
                        }
                    } else {
                        El("li", [("class", "wm-pagination__item wm-pagination__gap"), ("aria-hidden", "true")]) { Safe("…") }
                    }
                }
                if page < pageCount {
                    El("li") { El("a", [("href", link(page + 1)), ("rel", "next")]) { Safe("Next page") } }
                }
            }
        }
    }
}

enum DateText {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        return calendar
    }()

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]

    /// "3 March 2026 at 14:05", UK time.
    static func long(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(parts.day!) \(months[parts.month! - 1]) \(parts.year!) at "
            + CalendarDate.pad(parts.hour!, 2) + ":" + CalendarDate.pad(parts.minute!, 2)
    }
}
