/// A browser's User-Agent in the words a person knows their devices by ("Firefox on Windows"),
/// for their list of sessions. Only the browser's and system's names are kept, never the string.
enum DeviceName {
    static func from(userAgent: String?) -> String? {
        guard let agent = userAgent, !agent.isEmpty else { return nil }
        // Order matters: Edge and Opera say Chrome too, Chrome says Safari, and iOS browsers say Mac OS X.
        let browsers: [(marker: String, name: String)] = [
            ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"),
            ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"), ("curl/", "curl"),
        ]
        let systems: [(marker: String, name: String)] = [
            ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"), ("CrOS", "ChromeOS"),
            ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("Linux", "Linux"),
        ]
        let browser = browsers.first { agent.contains($0.marker) }?.name
        let system = systems.first { agent.contains($0.marker) }?.name
        switch (browser, system) {
        case let (browser?, system?): return "\(browser) on \(system)"
        case let (browser?, nil): return browser
        case let (nil, system?): return "A browser on \(system)"
        case (nil, nil): return "An unknown browser"
        }
    }
}
