// libyaml's event parser, which Yams is built on: Yams exposes no events, and only they show what an alias stands for
// before the tree is built.
import CYaml

/// Counts what a document's aliases stand for before Yams builds its tree. Yams shares an aliased node rather than
/// copying it, but hashes and compares mapping keys in full, so a key of ten nested aliases of ten lists is 10^10
/// values and a file of a few lines hangs the loader. A plan may reach `limit` values through aliases; past that it
/// is refused at the alias that went over. Plans rarely use aliases at all.
enum AliasBudget {
    static let limit = 100_000

    /// Where the aliases first stood for more than `limit` values, and how many; nil within the limit, for text
    /// without aliases, and for text libyaml cannot parse (Yams reports that).
    static func excess(in text: String) -> (position: Position, values: Int)? {
        var bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "&")), bytes.contains(UInt8(ascii: "*")) else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var counter = Counter()
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    counter.add(1, anchor: name(event.data.scalar.anchor))
                case YAML_SEQUENCE_START_EVENT:
                    counter.open(anchor: name(event.data.sequence_start.anchor))
                case YAML_MAPPING_START_EVENT:
                    counter.open(anchor: name(event.data.mapping_start.anchor))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    counter.close()
                case YAML_ALIAS_EVENT:
                    counter.alias(name(event.data.alias.anchor))
                    if counter.expanded > limit {
                        let mark = event.start_mark
                        return (Position(line: Int(mark.line) + 1, column: Int(mark.column) + 1), counter.expanded)
                    }
                default:
                    continue
                }
            }
        }
    }

    /// Values per anchor, and the total that aliases stood for so far.
    private struct Counter {
        var sizes: [String: Int] = [:]
        var stack: [(anchor: String?, values: Int)] = []
        var expanded = 0

        mutating func add(_ values: Int, anchor: String?) {
            if let anchor { sizes[anchor] = values }
            if !stack.isEmpty { stack[stack.count - 1].values += values }
        }

        mutating func open(anchor: String?) { stack.append((anchor, 1)) }

        mutating func close() {
            guard let done = stack.popLast() else { return }
            add(done.values, anchor: done.anchor)
        }

        mutating func alias(_ anchor: String?) {
            let values = anchor.flatMap { sizes[$0] } ?? 1
            expanded += values
            add(values, anchor: nil)
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
