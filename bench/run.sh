#!/usr/bin/env bash
# Benchmarks tmc on generated models of N elements and N flows (bench/gen.py)
# and prints, for each N: the time of each compiler phase (tmc --timings),
# the wall time and peak memory of `tmc check` and of `tmc threats` (check +
# every threat rule + writing every finding; also on the model with its
# findings triaged, bench/gen.py --triages), of `tmc json` (the whole
# model document: the end-to-end figure), and the number of findings.
# Where pytm is installed (pip install pytm==1.4.0) and N <= PYTM_MAX
# (default 10000; pytm's run time grows fast), it also runs the equivalent
# pytm model with --json and prints pytm's time, memory and tmc's speed-up.
# Then the hostile diagram of issue #19 (bench/gen.py --far-flows: 1,000
# servers with 5,000 and 20,000 flows to servers far along): the time and
# memory of its SVG, HTML report, DOT and Mermaid.
#
#   bench/run.sh                 # N = 1000 10000 100000
#   bench/run.sh 1000 5000       # chosen sizes
#   PYTM_MAX=0 bench/run.sh      # never run pytm
#   OUTPUTS=no bench/run.sh      # skip the other outputs (SARIF, DFD, report, ...)
#   DIAGRAMS=no bench/run.sh     # skip the hostile diagram
#   HOSTILE=no bench/run.sh      # skip the hostile inputs at the end (bench/hostile.sh)
#
# Figures go to stdout; docs/performance.md records a run and how to read it.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000 100000)
pytm_max=${PYTM_MAX:-10000}
growth=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v /usr/bin/time >/dev/null || { echo "bench/run.sh: needs GNU time (apt install time)" >&2; exit 2; }

# Timings spread with whatever else runs: say how busy the machine was.
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
echo "== $(nproc 2>/dev/null || echo '?') cores; load average at start: $(load)"
echo "== building tmc (release)"
cargo build --release --quiet -p tmc
tmc=${CARGO_TARGET_DIR:-target}/release/tmc
have_pytm=no
python3 -c 'import pytm' 2>/dev/null && have_pytm=yes

# run LABEL CMD...: runs CMD, prints "LABEL: S s, M MB", leaves seconds in $secs
run() {
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
    read -r secs kb <"$work/time"
    printf '  %-28s %8.2f s %8.1f MB\n' "$label" "$secs" "$(echo "$kb / 1024" | bc -l)"
}

for n in "${sizes[@]}"; do
    echo
    echo "== N = $n elements, $n flows (load average: $(load))"
    python3 bench/gen.py "$n" -o "$work/m.tm" --pytm "$work/m.py"
    echo "  model: $(wc -c <"$work/m.tm" | tr -d ' ') bytes of .tm"

    run "tmc check" "$tmc" --timings check "$work/m.tm"
    sed -n 's/^timing: /    /p' "$work/err"
    # For the growth table at the end: time per tested condition and per
    # element should stay flat as N grows.
    eval_ms=$(sed -n 's/^timing: evaluate rules *\([0-9.]*\) ms/\1/p' "$work/err")
    total_ms=$(sed -n 's/^timing: total *\([0-9.]*\) ms/\1/p' "$work/err")
    conditions=$(sed -n 's/^timing: conditions tested *\([0-9]*\)/\1/p' "$work/err")
    growth+=("$(printf '  %9s %12s %10s ms %8.0f ns %10s ms %8.1f us' "$n" "$conditions" "$eval_ms" \
        "$(echo "$eval_ms * 1000000 / $conditions" | bc -l)" "$total_ms" "$(echo "$total_ms * 1000 / $n" | bc -l)")")
    run "tmc threats" "$tmc" --timings threats "$work/m.tm"
    echo "    $(tail -n 1 "$work/out")"
    grep -E '^timing: (evaluate rules|render)' "$work/err" | sed 's/^timing: /    /'
    # The same model with its findings triaged (a triage per boundary and
    # per tenth element): what matching the triages to the findings costs.
    python3 bench/gen.py "$n" -o "$work/t.tm" --triages
    run "tmc threats (triaged)" "$tmc" --timings --today 2026-12-05 threats "$work/t.tm"
    echo "    $(tail -n 1 "$work/out")"
    grep -E '^timing: (evaluate rules|triage)' "$work/err" | sed 's/^timing: /    /'
    # pytm's 114 threats, as pytm runs them: the figure compared with pytm
    # and with the history in docs/performance.md (before issue #20 it was
    # the only library).
    run "tmc threats --library pytm" "$tmc" --timings threats --library pytm "$work/m.tm"
    tmc_secs=$secs
    echo "    $(tail -n 1 "$work/out")"
    grep -E '^timing: (evaluate rules|render)' "$work/err" | sed 's/^timing: /    /'
    run "tmc json (end to end)" "$tmc" --timings json "$work/m.tm" -o "$work/m.json"
    echo "    $(wc -c <"$work/m.json" | tr -d ' ') bytes of JSON"
    grep -E '^timing: render' "$work/err" | sed 's/^timing: /    /'

    # The other outputs, so that one that grows faster than the model
    # (a scan of every finding per element, say) shows up here.
    if [ "${OUTPUTS:-yes}" = yes ]; then
        run "tmc threats --format sarif" "$tmc" threats --format sarif "$work/m.tm" -o "$work/m.sarif"
        run "tmc dfd (dot)" "$tmc" dfd "$work/m.tm" -o "$work/m.dot"
        run "tmc dfd --format svg" "$tmc" dfd --format svg "$work/m.tm" -o "$work/m.svg"
        run "tmc seq" "$tmc" seq "$work/m.tm" -o "$work/m.puml"
        run "tmc sqldump" "$tmc" sqldump "$work/m.tm" "$work/m.sqlite"
        # The same model declared the other way round: every reference to
        # something declared further down (docs/performance.md).
        python3 bench/gen.py "$n" --reversed -o "$work/r.tm"
        rm -f "$work/m.sqlite"
        run "tmc sqldump (reversed)" "$tmc" sqldump "$work/r.tm" "$work/m.sqlite"
        rm -f "$work/r.tm"
        # Above 10,000 elements the report is a summary unless --full.
        run "tmc report (html)" "$tmc" report "$work/m.tm" -o "$work/m.html"
        echo "    $(wc -c <"$work/m.html" | tr -d ' ') bytes of HTML"
        run "tmc report (markdown)" "$tmc" report "$work/m.tm" -o "$work/m.md"
        echo "    $(wc -c <"$work/m.md" | tr -d ' ') bytes of Markdown"
        if [ "$n" -gt 10000 ]; then
            run "tmc report --full (html)" "$tmc" report --full "$work/m.tm" -o "$work/m.html"
            echo "    $(wc -c <"$work/m.html" | tr -d ' ') bytes of HTML"
        fi
        run "tmc export otm" "$tmc" export otm "$work/m.tm" -o "$work/m.otm.json"
        run "tmc export threat-dragon" "$tmc" export threat-dragon "$work/m.tm" -o "$work/m.td.json"
        # Every object and finding compared, though none differs.
        run "tmc diff (against itself)" "$tmc" diff "$work/m.tm" "$work/m.tm"
        rm -f "$work"/m.sarif "$work"/m.dot "$work"/m.svg "$work"/m.puml "$work"/m.sqlite "$work"/m.html "$work"/m.md "$work"/m.otm.json "$work"/m.td.json
    fi

    if [ "$have_pytm" = yes ] && [ "$n" -le "$pytm_max" ]; then
        (cd "$work" && run "pytm --json" python3 m.py --json "$work/pytm.json")
        pytm_secs=$(cut -d' ' -f1 "$work/time")
        echo "    findings: $(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$work/pytm.json")"
        # time(1) has 10 ms resolution; count a faster tmc run as 10 ms.
        speedup=$(echo "t = $tmc_secs; if (t < 0.01) t = 0.01; $pytm_secs / t" | bc -l)
        echo "    speed-up of tmc threats --library pytm over pytm: $(printf '%.0f' "$speedup")x"
    elif [ "$have_pytm" = no ]; then
        echo "  pytm: not installed (pip install pytm==1.4.0), skipped"
    else
        echo "  pytm: skipped above PYTM_MAX=$pytm_max"
    fi
done

# A small model with a huge diagram: most flows cross hundreds of columns
# of the SVG's layered layout, which is past its budget and draws the
# overview (docs/performance.md).
if [ "${DIAGRAMS:-yes}" = yes ]; then
    for flows in 5000 20000; do
        echo
        echo "== hostile diagram: 1000 servers, $flows far flows (load average: $(load))"
        python3 bench/gen.py 1000 --far-flows "$flows" -o "$work/far.tm"
        echo "  model: $(wc -c <"$work/far.tm" | tr -d ' ') bytes of .tm"
        run "tmc dfd --format svg" "$tmc" dfd --format svg "$work/far.tm" -o "$work/far.svg"
        echo "    $(wc -c <"$work/far.svg" | tr -d ' ') bytes of SVG"
        run "tmc report (html)" "$tmc" report "$work/far.tm" -o "$work/far.html"
        run "tmc dfd (dot)" "$tmc" dfd "$work/far.tm" -o "$work/far.dot"
        run "tmc dfd --format mermaid" "$tmc" dfd --format mermaid "$work/far.tm" -o "$work/far.mmd"
        rm -f "$work"/far.*
    done
fi

echo
echo "== growth (tmc check): rule evaluation per tested condition, whole check per element"
printf '  %9s %12s %13s %11s %13s %11s\n' N conditions evaluate "per cond." total "per elem."
printf '%s\n' "${growth[@]}"

# Small inputs that used to take minutes or gigabytes (bench/hostile.sh).
if [ "${HOSTILE:-yes}" = yes ]; then
    echo
    TMC="$tmc" bench/hostile.sh
fi
