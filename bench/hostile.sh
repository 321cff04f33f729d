#!/usr/bin/env bash
# Benchmarks tmc on small hostile inputs that used to take minutes, write
# gigabytes or overflow the stack (issue #19): the same flow repeated, a
# very long identifier with a misspelt reference, thousands of misspelt
# references, a 50 MB name repeated in every finding, a syntax error on a
# 60 MB line, records, kinds and
# predicates in cycles, long chains and doubling chains. Prints, for each,
# the exit code, wall time, peak memory and, where output size is the
# point, the bytes written. bench/run.sh calls it at the end (HOSTILE=no
# skips it); docs/performance.md records a run.
#
#   bench/hostile.sh                   # builds tmc (release) first
#   TMC=path/to/tmc bench/hostile.sh   # another binary, e.g. an older one
#   LIMIT=60 bench/hostile.sh          # kill a run after 60 s (default 120;
#                                      # exit 137 in the table)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v /usr/bin/time >/dev/null || { echo "bench/hostile.sh: needs GNU time (apt install time)" >&2; exit 2; }
if [ -z "${TMC:-}" ]; then
    cargo build --release --quiet -p tmc
    TMC=${CARGO_TARGET_DIR:-target}/release/tmc
fi
# The runs happen in a scratch folder: the binary by its absolute path.
TMC=$(realpath "$(command -v "$TMC")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# case LABEL FILE ARGS...: runs tmc ARGS in $work, prints "LABEL: exit C,
# S s, M MB" and the size of $work/out when one was written.
case_() {
    local label=$1
    shift
    rm -f "$work/out"
    local code=0
    (cd "$work" && /usr/bin/time -f "%e %M" -o "$work/time" timeout -s KILL "${LIMIT:-120}" "$TMC" "$@" >"$work/stdout" 2>"$work/stderr") || code=$?
    # GNU time puts "Command exited with non-zero status N" first.
    read -r secs kb < <(tail -n 1 "$work/time")
    local size=""
    [ -f "$work/out" ] && size=$(printf '%12s bytes out' "$(wc -c <"$work/out" | tr -d ' ')")
    printf '  %-46s exit %d %8.2f s %8.1f MB %s\n' "$label" "$code" "$secs" "$(echo "$kb / 1024" | bc -l)" "$size"
}

# gen FILE PYTHON: writes $work/FILE from a Python expression printing it.
gen() {
    python3 -c "import sys; sys.stdout.write($2)" >"$work/$1"
}

header='"model \"M\" { description = \"d\" }\n"'

echo "== hostile inputs ($(nproc 2>/dev/null || echo '?') cores; load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown))"

for n in 10000 20000; do
    gen flows.tm "$header + 'Server a \"A\"\nServer b \"B\"\n' + 'flow a -> b\n' * $n"
    case_ "flow a -> b x $n: check" check flows.tm
done

gen longid.tm "$header + 'Server ' + 'w' * 100000 + ' \"W\"\nActor u \"U\"\nflow u -> ' + 'w' * 100000 + 'x\n'"
case_ "100,000-character id, misspelt: check" check longid.tm

for n in 5000 10000; do
    gen typos.tm "$header + ''.join('Server s%05d \"S\"\n' % i for i in range($n)) + ''.join('flow t%05d -> s%05d\n' % (i, i) for i in range($n))"
    case_ "$n misspelt flow ends: check" check typos.tm
done

gen bigname.tm "$header + 'Server s \"' + 'N' * 50000000 + '\"\nActor u \"U\"\nflow u -> s \"f\"\n'"
case_ "50 MB name: json" json bigname.tm -o out
case_ "50 MB name: threats --format json" threats --format json bigname.tm -o out
case_ "50 MB name: threats --format sarif" threats --format sarif bigname.tm -o out
case_ "50 MB name: threats (the table)" threats bigname.tm -o out
rm -f "$work/bigname.tm"

# A syntax error at the end of one 60 MB line: the diagnostic shows a
# window of the line, not the whole line.
gen longline.tm "$header + 'Server s \"S\" { description = \"' + 'x' * 60000000 + '\" oops }\n'"
case_ "syntax error on a 60 MB line: check" check longline.tm
case_ "syntax error on a 60 MB line: check --format json" check --format json longline.tm
rm -f "$work/longline.tm"

# Issue #21: every broken declaration used to cost a pass over the rest of
# the file (pest reads back from the end of its input to find an error's line).
gen broken.tm "$header + ''.join('Server s%d {\n  OS \"Linux\"\n}\nflow s%d -> s%d \"x\"\n' % (i, i, i) for i in range(20000))"
case_ "20,000 broken declarations: check" check broken.tm

gen title.tm "'threat LONG \"' + 'T' * 1000000 + '\" { targets = [Server] severity = High when = true }\n'"
gen servers.tm "$header + 'Actor u \"U\"\n' + ''.join('Server s%d \"S\"\nflow u -> s%d\n' % (i, i) for i in range(1000))"
case_ "1 MB threat title x 1,000 servers: json" json --threats title.tm servers.tm -o out

gen self.tm "$header + 'record R { r: R }\nServer s \"S\"\n'"
case_ "record R { r: R }: check" check self.tm
gen pair.tm "$header + 'record A { b: B }\nrecord B { a: A }\nServer s \"S\"\n'"
case_ "records A { b: B } and B { a: A }: check" check pair.tm
gen records.tm "$header + ''.join('record R%d { a: R%d b: R%d }\n' % (i, i + 1, i + 1) for i in range(40)) + 'record R40 { x: int = 1 }\n'"
case_ "40 records, each holding the next twice: check" check records.tm
gen rchain.tm "$header + ''.join('record R%d { next: R%d }\n' % (i, i + 1) for i in range(20000)) + 'record R20000 { x: int = 1 }\n'"
case_ "a chain of 20,000 records: check" check rchain.tm
gen kinds.tm "$header + 'kind K0 : Asset {}\n' + ''.join('kind K%d : K%d {}\n' % (i + 1, i) for i in range(20000))"
case_ "a chain of 20,000 kinds: check" check kinds.tm
gen preds.tm "$header + ''.join('predicate p%d(e: Element) = p%d(e) or p%d(e)\n' % (i, i + 1, i + 1) for i in range(40)) + 'predicate p40(e: Element) = not e.inScope\nthreat T \"t\" { targets = [Server] severity = High when = p0(target) }\nServer s \"S\"\n'"
case_ "40 predicates, each calling the next twice: check" check preds.tm
gen pchain.tm "$header + ''.join('predicate p%d(e: Element) = p%d(e)\n' % (i, i + 1) for i in range(20000)) + 'predicate p20000(e: Element) = e.inScope\nthreat T \"t\" { targets = [Server] severity = High when = p0(target) }\n' + ''.join('Server s%d \"S\"\n' % i for i in range(3000))"
case_ "a chain of 20,000 predicates, 3,000 servers: check" check pchain.tm
