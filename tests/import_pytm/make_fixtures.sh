#!/bin/sh
# Regenerates the pytm JSON fixtures that `tmc import-pytm` is tested on:
# NAME.json is exactly what pytm 1.4 writes with `--json` (check, resolve,
# json.dump with pytm's own serializer) for
#   - tests/parity/{webapp,bank,iot}.py (the parity models), and
#   - tests/import_pytm/*.py (models written for the importer's edge cases).
#
#   tests/import_pytm/make_fixtures.sh         # python3 from PATH
#   PYTHON=/path/to/python tests/import_pytm/make_fixtures.sh
#
# Needs pytm 1.4 (pip install pytm==1.4.0). pytm serialises some lists from
# sets, so their order varies between runs; review the diff before committing.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
parity="$here/../parity"
python=${PYTHON:-python3}

"$python" -c 'import pytm' 2>/dev/null || {
    echo "make_fixtures.sh: pytm is not installed for $python (pip install pytm==1.4.0)" >&2
    exit 1
}

# The parity scripts print their findings instead of calling tm.process();
# run them, then write the JSON the way `--json` does. One process per
# model: pytm keeps its model in globals.
for name in webapp bank iot; do
    (cd "$parity" && "$python" - "$name" "$here/$name.json" <<'PY'
import contextlib, io, json, runpy, sys
from pytm import pytm as pytm_module
name, out = sys.argv[1], sys.argv[2]
with contextlib.redirect_stdout(io.StringIO()):
    model = runpy.run_path(f"{name}.py")["tm"]
with open(out, "w", encoding="utf8") as f:
    json.dump(model, f, default=pytm_module.to_serializable)
PY
    )
    echo "$name.json"
done

for script in "$here"/*.py; do
    name=$(basename "${script%.py}")
    (cd "$here" && "$python" "$script" --json "$here/$name.json")
    echo "$name.json"
done
