#!/bin/sh
# Regenerates every NAME.expected in this folder by running NAME.py with
# pytm, the reference implementation tmc's findings are compared against.
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
    name=${script%.py}
    tmp="$name.expected.tmp"
    # Each script runs in its own process: pytm keeps its model in globals.
    (cd "$here" && "$python" "$script") > "$tmp"
    mv "$tmp" "$name.expected"
    echo "$(basename "$name").expected: $(wc -l < "$name.expected" | tr -d ' ') findings (pytm $version)"
done
