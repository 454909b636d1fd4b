import Foundation
import Plot
import WaymarkDomain
import WaymarkMarkup

/// The 5x5 risk matrix drawn as SVG: how many risks sit in each cell of likelihood by
/// consequence, each cell coloured by the band its score falls in, with its count written in it
/// and, when it holds any, a link to the risks it counts. Likelihood runs up the side (Almost
/// certain at the top), consequence along the bottom, as the NPSA matrix is printed.
///
/// Accessible: the image (a group, when its cells are links) has a title and a description, every
/// linked cell names its count, cell and band, and `table` gives the same counts as a data table
/// for those who cannot see it.
public struct RiskHeatMap: Sendable {
    public let title: String
    public let bands: RiskBandTable
    private let counts: [RiskRating: Int]
    private let links: [RiskRating: String]

    /// `link` gives the address listing a cell's risks; it is asked only for cells that hold some.
    public init(title: String, counts: [RiskRating: Int], bands: RiskBandTable, link: (RiskRating) -> String?) {
        self.title = title
        self.bands = bands
        self.counts = counts.filter { $0.value > 0 }
        var links: [RiskRating: String] = [:]
        for rating in self.counts.keys { links[rating] = link(rating) }
        self.links = links
    }

    public func count(_ rating: RiskRating) -> Int { counts[rating] ?? 0 }
    public var total: Int { counts.values.reduce(0, +) }

    // Geometry, in the SVG's own units: the matrix scales to its container.
    static let cell = 64
    static let left = 120
    static let top = 8
    static let bottom = 60
    static var width: Int { left + cell * 5 + 8 }
    static var height: Int { top + cell * 5 + bottom }

    /// "12 risks. Cells: Likely by Major, score 16, High: 3 risks; ...": what the picture says.
    public var summary: String {
        let cells = Likelihood.allCases.reversed().flatMap { likelihood in
            Consequence.allCases.compactMap { consequence -> String? in
                let rating = RiskRating(likelihood: likelihood, consequence: consequence)
                let count = count(rating)
                return count > 0 ? "\(cellName(rating)): \(Self.risks(count))" : nil
            }
        }
        return cells.isEmpty ? "No risks." : "\(Self.risks(total)). " + cells.joined(separator: "; ") + "."
    }

    public func svg(id: String) -> El {
        let titleID = "\(id)-title", descID = "\(id)-desc"
        return El("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(Self.width) \(Self.height)"),
                          // An image's parts are presentational to assistive technology: with links
                          // in it, the matrix is a group, so each linked cell can be reached.
                          ("role", links.isEmpty ? "img" : "group"), ("aria-labelledby", "\(titleID) \(descID)"), ("class", "wm-heat-map"),
                          ("id", id)]) {
            El("title", [("id", titleID)]) { Safe(title) }
            El("desc", [("id", descID)]) { Safe(summary) }
            for (row, likelihood) in Likelihood.allCases.reversed().enumerated() {
                El("text", [("x", "\(Self.left - 8)"), ("y", "\(Self.top + row * Self.cell + Self.cell / 2 + 4)"),
                            ("text-anchor", "end"), ("class", "axis")]) {
                    Safe("\(likelihood.rawValue) \(likelihood.label)")
                }
                for (column, consequence) in Consequence.allCases.enumerated() {
                    cellElement(RiskRating(likelihood: likelihood, consequence: consequence), row: row, column: column)
                }
            }
            // The number and the word on lines of their own: "5 Catastrophic" is wider than a cell.
            for (column, consequence) in Consequence.allCases.enumerated() {
                let x = Self.left + column * Self.cell + Self.cell / 2
                El("text", [("x", "\(x)"), ("y", "\(Self.top + 5 * Self.cell + 16)"), ("text-anchor", "middle"), ("class", "axis")]) {
                    Safe("\(consequence.rawValue)")
                }
                El("text", [("x", "\(x)"), ("y", "\(Self.top + 5 * Self.cell + 30)"), ("text-anchor", "middle"), ("class", "axis")]) {
                    Safe(consequence.label)
                }
            }
            El("text", [("x", "\(Self.left + 5 * Self.cell / 2)"), ("y", "\(Self.top + 5 * Self.cell + 52)"),
                        ("text-anchor", "middle"), ("class", "axis-title")]) { Safe("Consequence") }
            El("text", [("x", "12"), ("y", "\(Self.top + 5 * Self.cell / 2)"), ("text-anchor", "middle"),
                        ("transform", "rotate(-90 12 \(Self.top + 5 * Self.cell / 2))"), ("class", "axis-title")]) { Safe("Likelihood") }
        }
    }

    private func cellElement(_ rating: RiskRating, row: Int, column: Int) -> El {
        let band = bands.band(for: rating.score)
        let x = Self.left + column * Self.cell, y = Self.top + row * Self.cell
        let count = count(rating)
        let body = El("g", [("class", "cell"), ("data-likelihood", "\(rating.likelihood.rawValue)"),
                            ("data-consequence", "\(rating.consequence.rawValue)"), ("data-score", "\(rating.score)"),
                            ("data-count", "\(count)")]) {
            El("rect", [("x", "\(x)"), ("y", "\(y)"), ("width", "\(Self.cell)"), ("height", "\(Self.cell)"),
                        ("fill", band.colour), ("stroke", "#ffffff"), ("stroke-width", "2")])
            El("text", [("x", "\(x + Self.cell / 2)"), ("y", "\(y + Self.cell / 2 + 6)"), ("text-anchor", "middle"),
                        ("fill", Self.textColour(on: band.colour)), ("class", count > 0 ? "count" : "count empty")]) {
                Safe(count > 0 ? "\(count)" : "")
            }
        }
        guard count > 0, let href = links[rating] else { return body }
        return El("a", [("href", href), ("aria-label", "\(cellName(rating)): \(Self.risks(count))")]) { body }
    }

    func cellName(_ rating: RiskRating) -> String {
        "\(rating.likelihood.label) by \(rating.consequence.label), score \(rating.score), \(bands.band(for: rating.score).name)"
    }

    static func risks(_ count: Int) -> String { count == 1 ? "1 risk" : "\(count) risks" }

    /// The same counts as a table: a row per likelihood (highest first), a column per consequence.
    public func table(caption: String) -> El {
        El("table", [("class", "wm-table wm-heat-map-table")]) {
            El("caption", []) { Safe(caption) }
            El("thead", []) {
                El("tr", []) {
                    El("th", [("scope", "col")]) { Safe("Likelihood by consequence") }
                    for consequence in Consequence.allCases {
                        El("th", [("scope", "col")]) { Safe("\(consequence.rawValue) \(consequence.label)") }
                    }
                }
            }
            El("tbody", []) {
                for likelihood in Likelihood.allCases.reversed() {
                    El("tr", []) {
                        El("th", [("scope", "row")]) { Safe("\(likelihood.rawValue) \(likelihood.label)") }
                        for consequence in Consequence.allCases {
                            tableCell(RiskRating(likelihood: likelihood, consequence: consequence))
                        }
                    }
                }
            }
        }
    }

    private func tableCell(_ rating: RiskRating) -> El {
        let count = count(rating)
        let band = bands.band(for: rating.score).name
        return El("td", [("data-score", "\(rating.score)")]) {
            if count > 0, let href = links[rating] {
                El("a", [("href", href)]) { Safe("\(count)") }
            } else {
                Safe("\(count)")
            }
            Safe(" (\(rating.score), \(band))")
        }
    }

    /// Near-black or white, whichever reads better on the band's colour (WCAG contrast ratio).
    static func textColour(on background: String) -> String {
        let dark = "#212b32"
        let backgroundLuminance = luminance(background), darkLuminance = luminance(dark)
        let onDark = (backgroundLuminance + 0.05) / (darkLuminance + 0.05)
        let onWhite = 1.05 / (backgroundLuminance + 0.05)
        return onDark >= onWhite ? dark : "#ffffff"
    }

    /// WCAG 2 relative luminance of a `#rrggbb` colour.
    static func luminance(_ colour: String) -> Double {
        let hex = Array(colour.utf8.dropFirst())
        func channel(_ at: Int) -> Double {
            let value = Double(Int(String(decoding: hex[at..<at + 2], as: UTF8.self), radix: 16) ?? 0) / 255
            return value <= 0.03928 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    }
}
