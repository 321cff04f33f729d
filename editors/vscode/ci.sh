#!/usr/bin/env bash
# CI for the VS Code extension: install the locked dependencies, test the
# grammar, extension.js, the snippets and the DFD preview page (in headless
# Chromium), build the .vsix and list what it contains.
# Works from any directory; needs Node.js >= 20.18.1 (what @vscode/vsce's
# dependencies require) and the npm registry.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "== node $(node --version), npm $(npm --version)"
if ! node -e '
  const [a, b, c] = process.versions.node.split(".").map(Number);
  process.exit(a > 20 || (a === 20 && (b > 18 || (b === 18 && c >= 1))) ? 0 : 1);
'; then
  echo "error: Node.js 20.18.1 or later is needed (found $(node --version))" >&2
  exit 1
fi

echo "== npm ci"
# No install scripts: the only one (@vscode/vsce-sign) is for signing, which
# packaging does not use.
npm ci --ignore-scripts --no-audit --no-fund

echo "== grammar tests"
npm run test:grammar

echo "== extension tests (extension.js, the snippets against tmc, the DFD preview in headless Chromium)"
# The snippet and preview tests run the tmc that cargo built (target/debug/tmc,
# or $TMC_BIN) and Debian's chromium; without them they say "skipped: ..."
# (and fail under CI=true).
npm run test:unit

echo "== package"
rm -f ./*.vsix
npm run package

version="$(node -p 'require("./package.json").version')"
vsix="tmc-${version}.vsix"
if [ ! -s "$vsix" ]; then
  echo "error: $vsix was not built" >&2
  exit 1
fi

echo "== contents of $vsix ($(wc -c <"$vsix") bytes)"
if command -v unzip >/dev/null 2>&1; then
  unzip -l "$vsix"
else
  npx --no-install vsce ls
fi
# The client library must be inside: VS Code does not install dependencies.
node -e '
  const fs = require("fs");
  const want = ["extension/extension.js", "extension/syntaxes/tm.tmLanguage.json",
    "extension/language-configuration.json", "extension/snippets/tmc.json",
    "extension/preview-panel.js", "extension/media/preview.html", "extension/media/preview.js",
    "extension/node_modules/vscode-languageclient/node.js"];
  const zip = fs.readFileSync(process.argv[1]).toString("latin1");
  const missing = want.filter((f) => !zip.includes(f));
  if (missing.length) { console.error("error: missing from the .vsix: " + missing.join(", ")); process.exit(1); }
' "$vsix"
echo "ok: editors/vscode/$vsix"
