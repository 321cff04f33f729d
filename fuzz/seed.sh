#!/usr/bin/env bash
# Adds the repository's .tm files, the `tm` code blocks of the docs and the
# hand-written seeds of fuzz/seeds/ (schema and rule declarations that form
# graphs: records holding records, kinds, enums, predicates calling
# predicates, with cycles and chains) to both corpora (they were the first
# seeds; the committed corpus is the minimised result of fuzzing from them).
# Inputs of several files (`multi_*`, split at NUL bytes) go to `compile`
# only. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in compile format; do
  out="fuzz/corpus/$target"
  mkdir -p "$out"
  for f in examples/*.tm stdlib/*.tm threats/*/*.tm tests/fixtures/*.tm \
           tests/fixtures/*/*.tm tests/parity/*.tm editors/vscode/test/*.tm; do
    [ -f "$f" ] && cp "$f" "$out/seed_$(echo "$f" | tr '/' '_')"
  done
  for f in fuzz/seeds/*.tm; do
    case "$target/$(basename "$f")" in format/multi_*) continue ;; esac
    cp "$f" "$out/$(basename "$f")"
  done
  for md in README.md docs/*.md; do
    awk -v prefix="$out/seed_doc_$(basename "$md" .md)_" '
      /^```tm$/ { n++; file = sprintf("%s%02d.tm", prefix, n); inblock = 1; next }
      /^```/    { if (inblock) close(file); inblock = 0; next }
      inblock   { print > file }
    ' "$md"
  done
done
echo "seeded: $(ls fuzz/corpus/compile | wc -l) compile, $(ls fuzz/corpus/format | wc -l) format inputs"
