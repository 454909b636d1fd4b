import WaymarkWeb

try await WaymarkMain.run()
