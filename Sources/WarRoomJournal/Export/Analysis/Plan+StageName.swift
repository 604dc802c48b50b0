import WarRoomCore

extension Plan {
    /// A stage's name; `stage N` when the journal names a stage the plan no longer has.
    func stageName(_ index: Int) -> String {
        stages.indices.contains(index) ? stages[index].name : "stage \(index + 1)"
    }
}
