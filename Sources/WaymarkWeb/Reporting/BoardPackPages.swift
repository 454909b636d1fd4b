import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// A board pack's content: its title, a contents page, the portfolio report, then each chosen
/// highlight report, each section starting a new page when printed. Printed or as a PDF, the
/// pages carry the pack's title and section at the top and "Page 3 of 12" at the foot, and the
/// contents give each section's page (print CSS: WeasyPrint fills them in).
struct BoardPackContent: Component {
    var pack: BoardPack
    var report: PortfolioReportPage

    static func anchor(_ project: Project) -> String { "highlight-" + project.id.lowercasedText }

    var title: String { "Board pack: \(report.slice), \(pack.report.period.label)" }

    var body: Component {
        let pack = self.pack
        return ComponentGroup {
            El("h1", [("class", "wm-heading-l wm-pack-title")]) { Safe(title) }
            El("p", [("class", "wm-body wm-secondary")]) {
                Safe("Built \(DateText.long(pack.report.generatedAt)) from the status updates submitted for \(pack.report.period.label), ")
                Safe("with \(pack.highlights.count) highlight \(pack.highlights.count == 1 ? "report" : "reports"). It holds only the projects its reader can see.")
                if pack.exceptionsLeftOut > 0 {
                    Safe(" The highlight reports are the first \(pack.highlights.count) of the \(pack.highlights.count + pack.exceptionsLeftOut) red and amber projects (red first, then those that worsened): a pack holds at most \(BoardPack.projectLimit); choose others on the portfolio report.")
                }
            }
            El("nav", [("class", "wm-pack-contents"), ("aria-labelledby", "contents-heading")]) {
                El("h2", [("class", "wm-heading-m"), ("id", "contents-heading")]) { Safe("Contents") }
                El("ol", [("class", "wm-list wm-list--number")]) {
                    El("li", []) { El("a", [("href", "#portfolio-report")]) { Safe("Portfolio report, \(pack.report.period.label)") } }
                    for (project, highlight) in pack.highlights {
                        El("li", []) {
                            El("a", [("href", "#" + Self.anchor(project))]) {
                                Safe("\(project.code) \(project.fields.title): highlight report, \(highlight.period.label)")
                            }
                        }
                    }
                }
            }
            El("section", [("class", "wm-pack-section"), ("id", "portfolio-report"), ("aria-labelledby", "portfolio-report-heading")]) {
                El("h2", [("class", "wm-heading-l wm-pack-heading"), ("id", "portfolio-report-heading")]) { Safe("Portfolio report, \(pack.report.period.label)") }
                report.content
            }
            for (project, highlight) in pack.highlights {
                El("section", [("class", "wm-pack-section"), ("id", Self.anchor(project)), ("aria-labelledby", Self.anchor(project) + "-heading")]) {
                    El("h2", [("class", "wm-heading-l wm-pack-heading"), ("id", Self.anchor(project) + "-heading")]) {
                        Safe("\(project.code) \(project.fields.title): highlight report, \(highlight.period.label)")
                    }
                    HighlightReportPage.content(project, highlight, inPack: true)
                }
            }
        }
    }
}

/// A board pack on screen: its content, with the PDF (or why there is none) and the way back to
/// the report it was made from.
struct BoardPackPage: RenderablePage {
    var signedIn: SignedIn
    var content: BoardPackContent
    /// The PDF's address, or nil with the reason it cannot be made here.
    var pdf: (url: String?, missing: String?)
    var back: String

    func render() -> String {
        Layout.render(PageChrome(title: content.title, signedIn: signedIn, section: .reporting,
                                 breadcrumbs: [("Reporting", SiteURL.reporting.path), ("Portfolio report", back)])) {
            El("div", [("class", "wm-inset wm-no-print")]) {
                if let url = pdf.url {
                    El("p", [("class", "wm-body")]) {
                        TextLink("Download the board pack as a PDF", url)
                        Safe(" (A4, its pages numbered, with each section's page in the contents).")
                    }
                } else if let missing = pdf.missing {
                    El("p", [("class", "wm-body")]) { Safe(missing) }
                }
            }
            content
        }
    }
}

extension Layout {
    /// A document to be printed to PDF: no site chrome, the stylesheet beside it (`waymark.css`).
    static func printDocument(title: String, @ComponentBuilder content: () -> ComponentGroup) -> String {
        let main = content()
        return HTMLWriter.render(ComponentGroup(members: [
            Node<Any>.raw("<!DOCTYPE html>"),
            El("html", [("lang", "en-GB")]) {
                El("head") {
                    VoidEl("meta", [("charset", "utf-8")])
                    El("title") { Safe(title) }
                    VoidEl("link", [("rel", "stylesheet"), ("href", "waymark.css")])
                }
                El("body", [("class", "wm-print-document")]) {
                    El("main", [("class", "wm-main-wrapper")]) { main }
                }
            },
        ]))
    }
}
