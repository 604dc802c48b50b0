/// Optional indexing for table rows, whose cell counts vary from row to row.
extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
