import Foundation
import Vapor
import WaymarkDomain

/// `POST /api/v1/spc/analysis`: the whole Making Data Count analysis of a series a client sends,
/// saving nothing. Analysts use it from their own tools; anyone can check Waymark against the
/// reference implementations with it.
struct SPCAPI: RouteCollection {
    static let pointLimit = 5_000
    static let labelLimit = 40

    func boot(routes: any RoutesBuilder) throws {
        routes.post(APIRoute.spcAnalysis.components, use: analyse)
    }

    /// Answered on the connection's event loop once the body is in, not in a task of its own:
    /// the analysis reads and writes nothing but the request and its answer, a hundred points take
    /// a tenth of a millisecond, and a task's two hops between threads were a twentieth of the
    /// request. (The sign-in before it is the only part that waits on the database.)
    func analyse(request: Request) -> EventLoopFuture<Response> {
        request.body.collect(max: JSONBody.maximumBytes).flatMapThrowing { buffer in
            try analyse(request, JSONBody(request, collected: buffer))
        }
    }

    func analyse(_ request: Request, _ body: JSONBody) throws -> Response {
        _ = try request.requireSignedIn()
        var body = body
        let points = Self.points(&body)
        let direction: ImprovementDirection? = switch body.required(body.string("improvementDirection"), "improvementDirection") {
        case nil:
            nil
        case let text?:
            ImprovementDirection(rawValue: text) ?? {
                body.errors.add("improvementDirection", "improvementDirection must be up, down or neither")
                return nil
            }()
        }
        if direction == nil && !body.errors.errors.contains(where: { $0.field == "improvementDirection" }) {
            body.errors.add("improvementDirection", "Send improvementDirection: up, down or neither")
        }
        var baseline: Int?
        switch body.integer("baselinePoints") {
        case .value(let number) where number >= 1 && number <= Int64(Self.pointLimit): baseline = Int(number)
        case .value: body.errors.add("baselinePoints", "baselinePoints must be from 1 to \(Self.pointLimit)")
        case .null: body.errors.add("baselinePoints", "baselinePoints cannot be null: leave it out for no fixed baseline")
        case .absent: break
        }
        let settings = Self.settings(&body)
        try body.throwIfAny()
        let analysis = SPCEngine.analyse(points, direction: direction!, baselinePoints: baseline, settings: settings)
        // About 340 bytes a point (its lines, rules and class) besides the settings.
        return Response.json(writing: SPCAnalysisDTO(analysis: analysis), capacity: 2_048 + 400 * points.count)
    }

    /// The `points` member: each a label and a value (null when missing), optionally ghosted, a
    /// recalculation, and a target.
    static func points(_ body: inout JSONBody) -> [SPCObservation] {
        guard case .array(let items)? = body.object["points"] else {
            body.errors.add("points", body.object["points"] == nil ? "Send points: the series, oldest first" : "points must be a list of points")
            return []
        }
        guard items.count <= pointLimit else {
            body.errors.add("points", "Send at most \(pointLimit) points")
            return []
        }
        var observations: [SPCObservation] = []
        observations.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            // Named only when a point is refused: most requests have none to name.
            var field: String { "points[\(index)]" }
            guard case .object(let point) = item else {
                body.errors.add(field, "Each point must be an object with a label and a value")
                continue
            }
            guard case .string(let label)? = point["label"], label.length <= labelLimit,
                  label.firstControlCharacter(multiline: false) == nil else {
                body.errors.add(field + ".label", "Each point needs a label: text of at most \(labelLimit) characters, such as 2026-03")
                continue
            }
            var value: Double?
            switch point["value"] {
            case .number(let number)?: value = number
            case .null?: value = nil
            default:
                body.errors.add(field + ".value", "Each point needs a value: a number, or null when it is missing")
                continue
            }
            func flag(_ key: String) -> Bool {
                switch point[key] {
                case nil: return false
                case .bool(let flag)?: return flag
                default:
                    body.errors.add(field + "." + key, "\(key) must be true or false")
                    return false
                }
            }
            let flags = (ghosted: flag("ghosted"), recalculate: flag("recalculate"))
            var target: Double?
            switch point["target"] {
            case nil, .null?: break
            case .number(let number)?: target = number
            default: body.errors.add(field + ".target", "target must be a number, or null for none")
            }
            observations.append(SPCObservation(label: label, value: value, ghosted: flags.ghosted, recalculate: flags.recalculate,
                                               target: target))
        }
        return observations
    }

    /// The settings: a preset (NHS England's SQL unless named), with any members of `settings`
    /// changing it.
    static func settings(_ body: inout JSONBody) -> SPCSettings {
        var settings = SPCSettings.makingDataCount
        if let name = body.required(body.string("preset"), "preset") {
            if let preset = SPCSettings.presets.first(where: { $0.name == name }) {
                settings = preset.settings
            } else {
                body.errors.add("preset", "preset must be one of " + SPCSettings.presets.map(\.name).joined(separator: ", "))
            }
        }
        guard let member = body.object["settings"] else { return settings }
        guard case .object(let changes) = member else {
            body.errors.add("settings", "settings must be an object")
            return settings
        }
        var errors = FieldErrors()
        func integer(_ key: String, _ path: WritableKeyPath<SPCSettings, Int>) {
            guard let value = changes[key] else { return }
            if case .number(let number) = value, number == number.rounded(), abs(number) < 1e6 {
                settings[keyPath: path] = Int(number)
            } else {
                errors.add("settings." + key, "settings.\(key) must be a whole number")
            }
        }
        func flag(_ key: String, _ path: WritableKeyPath<SPCSettings, Bool>) {
            guard let value = changes[key] else { return }
            if case .bool(let flag) = value { settings[keyPath: path] = flag } else { errors.add("settings." + key, "settings.\(key) must be true or false") }
        }
        func choice<Choice: RawRepresentable<String> & CaseIterable>(_ key: String, _ path: WritableKeyPath<SPCSettings, Choice>) {
            guard let value = changes[key] else { return }
            if case .string(let text) = value, let chosen = Choice(rawValue: text) {
                settings[keyPath: path] = chosen
            } else {
                errors.add("settings." + key, "settings.\(key) must be one of " + Choice.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        integer("shiftLength", \.shiftLength)
        integer("trendLength", \.trendLength)
        integer("minimumPointsForLimits", \.minimumPointsForLimits)
        integer("minimumPointsPerPeriod", \.minimumPointsPerPeriod)
        flag("pointOnMeanBreaksRun", \.pointOnMeanBreaksRun)
        flag("trendCrossesRecalculation", \.trendCrossesRecalculation)
        flag("baselineBreaksRuns", \.baselineBreaksRuns)
        choice("screening", \.screening)
        choice("targetOnLimit", \.targetOnLimit)
        choice("conflict", \.conflict)
        if let value = changes["precedence"] {
            let rules: [SPCRule]? = if case .array(let items) = value {
                items.map { item -> SPCRule? in if case .string(let text) = item { SPCRule(rawValue: text) } else { nil } }
                    .reduce([SPCRule]?([])) { list, rule in rule.flatMap { rule in list.map { $0 + [rule] } } }
            } else { nil }
            if let rules { settings.precedence = rules } else {
                errors.add("settings.precedence", "settings.precedence must list the rules: " + SPCRule.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        // Values of the right kind, out of range (a field already refused keeps its first message).
        for problem in settings.problems { errors.add("settings." + problem.field, problem.message, kind: problem.kind) }
        for error in errors.errors { body.errors.add(error.field, error.message, kind: error.kind) }
        return settings
    }
}

/// The analysis as the API answers it: every point with its lines, rules and class; the periods;
/// the icons; and the settings and engine version that made it.
struct SPCAnalysisDTO: JSONWritable {
    var analysis: SPCAnalysis

    func write(to json: inout JSONText) {
        let analysis = self.analysis
        json.object { json in
            json.member("engineVersion", analysis.engineVersion)
            json.member("preset", nullable: analysis.settings.presetName)
            json.member("settings", object: { Self.write(analysis.settings, &$0) })
            json.member("improvementDirection", analysis.direction.rawValue)
            json.member("chart", analysis.kind.rawValue)
            json.member("median", number: analysis.median)
            json.member("periods", array: analysis.periods) { json, period in
                json.object { json in
                    json.member("firstPoint", period.first)
                    json.member("lastPoint", period.last)
                    json.member("basisPoints", period.basis)
                    json.member("fromBaseline", period.fromBaseline)
                    Self.lines(period, &json)
                    json.member("movingRangeMean", number: period.movingRangeMean)
                }
            }
            // Every point repeats its period's lines: each period's are written once.
            let lines = analysis.periods.map { period in JSONText.fragment { Self.lines(period, &$0) } }
            let noLines = JSONText.fragment { Self.lines(nil, &$0) }
            json.member("points", array: analysis.points) { json, point in
                json.object { json in
                    json.member("label", point.label)
                    json.member("value", number: point.value)
                    json.member("ghosted", point.ghosted)
                    json.member("counted", point.counted)
                    json.member("period", point.period)
                    json.member("movingRange", number: point.movingRange)
                    json.members(lines.indices.contains(point.period) ? lines[point.period] : noLines)
                    json.member("rules", array: point.rules) { json, hit in
                        json.object { json in
                            json.member("rule", hit.rule.rawValue)
                            json.member("side", hit.side.rawValue)
                        }
                    }
                    json.member("primaryRule", nullable: point.primary?.rawValue)
                    json.member("variation", nullable: point.variation?.rawValue)
                    json.member("target", number: point.target)
                }
            }
            json.member("variation", nullable: analysis.variation?.rawValue)
            json.member("variationLabel", nullable: analysis.variation?.label)
            json.member("assurance", nullable: analysis.assurance?.rawValue)
            json.member("assuranceLabel", nullable: analysis.assurance?.label)
            json.member("warnings", array: analysis.warnings) { json, warning in json.value(warning) }
        }
    }

    static func lines(_ period: SPCPeriod?, _ json: inout JSONText) {
        json.member("mean", number: period?.mean)
        json.member("upperProcessLimit", number: period?.upperLimit)
        json.member("lowerProcessLimit", number: period?.lowerLimit)
        json.member("upperTwoSigma", number: period?.upperTwoSigma)
        json.member("lowerTwoSigma", number: period?.lowerTwoSigma)
    }

    static func write(_ settings: SPCSettings, _ json: inout JSONText) {
        json.member("shiftLength", settings.shiftLength)
        json.member("trendLength", settings.trendLength)
        json.member("pointOnMeanBreaksRun", settings.pointOnMeanBreaksRun)
        json.member("screening", settings.screening.rawValue)
        json.member("minimumPointsForLimits", settings.minimumPointsForLimits)
        json.member("minimumPointsPerPeriod", settings.minimumPointsPerPeriod)
        json.member("trendCrossesRecalculation", settings.trendCrossesRecalculation)
        json.member("baselineBreaksRuns", settings.baselineBreaksRuns)
        json.member("targetOnLimit", settings.targetOnLimit.rawValue)
        json.member("precedence", array: settings.precedence) { json, rule in json.value(rule.rawValue) }
        json.member("conflict", settings.conflict.rawValue)
    }
}
