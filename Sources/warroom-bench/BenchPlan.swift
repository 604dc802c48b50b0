import ArgumentParser
import WarRoomCore
import WarRoomPlan

/// Loading a plan for a benchmark: a plan with errors is a usage error, shown with the loader's own messages.
enum BenchPlan {
    static func load(_ path: String) throws -> Plan {
        do {
            return try PlanLoader.load(path: path)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
