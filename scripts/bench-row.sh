# Sourced by the bench-* scripts. `row WHAT FIGURE REFERENCE RATIO TARGET VERDICT` adds one row to the table that
# scripts/bench prints (to the file named by $BENCH_ROWS; nothing when a script runs alone). VERDICT is pass or fail.
row() {
    [ -n "${BENCH_ROWS:-}" ] || return 0
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" >> "$BENCH_ROWS"
}

# verdict VALUE OP LIMIT: pass when VALUE OP LIMIT holds (OP is <= or >= or ==), else fail.
verdict() {
    awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
        ok = op == "<=" ? v + 0 <= l + 0 : op == ">=" ? v + 0 >= l + 0 : v == l
        print ok ? "pass" : "fail"
    }'
}
