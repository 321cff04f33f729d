#!/bin/sh
# Regenerates every NAME.expected in this folder by running NAME.py with
# pytm, the reference implementation tmc's findings are compared against;
# then templates/TEMPLATE.MODEL.expected: pytm's report of MODEL with
# templates/TEMPLATE.md, for each model of REPORT_MODELS (report.py).
#
#   tests/parity/generate.sh            # uses python3 from PATH
#   PYTHON=/path/to/python tests/parity/generate.sh
#
# Needs pytm 1.4 (pip install pytm==1.4.0). Review the diff of the
# .expected files before committing them.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}

version=$("$python" -c 'from importlib.metadata import version; print(version("pytm"))') || {
    echo "generate.sh: pytm is not installed for $python (pip install pytm==1.4.0)" >&2
    exit 1
}
case "$version" in
    1.4|1.4.*) ;;
    *) echo "generate.sh: warning: pytm $version found; the fixtures were made with pytm 1.4" >&2 ;;
esac

for script in "$here"/*.py; do
    [ "$(basename "$script")" = report.py ] && continue
    name=${script%.py}
    tmp="$name.expected.tmp"
    # Each script runs in its own process: pytm keeps its model in globals.
    (cd "$here" && "$python" "$script") > "$tmp"
    mv "$tmp" "$name.expected"
    echo "$(basename "$name").expected: $(wc -l < "$name.expected" | tr -d ' ') findings (pytm $version)"
done

# The models a template is rendered on: those pytm 1.4 can render a report
# of (on the others its report stops with "AttributeError: 'Data' object
# has no attribute 'name'": it deep-copies every element, and the copy of
# a data item shared by flows in a cycle is hashed before it has its
# name). texts.md prints every text of the threats, which only kiosk
# shares with pytm (its own threat file, in both languages): tmc's copy
# of pytm's library is written in tmc's own words.
models_for() {
    case "$1" in
        texts) echo kiosk ;;
        *) echo clinic kiosk tokens ;;
    esac
}
for template in "$here"/templates/*.md; do
    name=$(basename "${template%.md}")
    for model in $(models_for "$name"); do
        out="${template%.md}.$model.expected"
        "$python" "$here/report.py" "$template" "$here/$model.py" > "$out.tmp"
        mv "$out.tmp" "$out"
        echo "templates/$(basename "$out"): $(wc -l < "$out" | tr -d ' ') lines (pytm $version)"
    done
done
