// The snippets (snippets/tmc.json): each is declared in package.json, has a
// prefix, a description and a body, and its body, with every placeholder set
// to its default (and, in turn, to each of a choice's options), formats with
// `tmc fmt -` and compiles with `tmc check` inside a small model.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { findTmc, need } = require('./tools');

const root = path.resolve(__dirname, '..');
const snippets = JSON.parse(fs.readFileSync(path.join(root, 'snippets', 'tmc.json'), 'utf8'));
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/**
 * The text a snippet inserts when every placeholder keeps its default:
 * `${1:text}` is its text, `${1|a,b|}` its first option (or `choices[1]`),
 * `$1` and `${1}` repeat what placeholder 1 holds (nothing if it has no
 * default), `$0` is nothing.
 */
function expand(body, choices = {}) {
  const values = {};
  let text = body.join('\n');
  // Innermost first, so a default may hold a placeholder.
  for (;;) {
    const next = text
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n, v) => ((values[n] ??= v), v))
      .replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n, opts) => {
        const v = choices[n] ?? opts.split(',')[0];
        values[n] ??= v;
        return v;
      });
    if (next === text) break;
    text = next;
  }
  return text
    .replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a, b) => values[a ?? b] ?? '')
    .replace(/\t/g, '  ');
}

/** Each choice placeholder of a body: [number, options]. */
function choicesOf(body) {
  return [...body.join('\n').matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)].map((m) => [m[1], m[2].split(',')]);
}

/** Every expansion worth compiling: the defaults, then each option of each choice. */
function expansions(body) {
  const all = [expand(body)];
  for (const [n, options] of choicesOf(body)) {
    for (const o of options.slice(1)) all.push(expand(body, { [n]: o }));
  }
  return all;
}

// A model the snippets go into: the elements a flow names, a threat rule's
// kind, the file an import names.
const HEADER = 'model "Snippets" {\n  description = "Holds one snippet."\n}\n';
const AROUND = 'Actor source "Source"\nServer sink "Sink"\n';

function compiles(tmc, dir, name, text) {
  const isModel = /^model /m.test(text);
  const file = path.join(dir, 'app.tm');
  fs.writeFileSync(file, (isModel ? '' : HEADER) + AROUND + text + '\n');
  const r = spawnSync(tmc, ['--color', 'never', 'check', file], { encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `${name}: tmc check failed on\n${text}\n${r.stdout}${r.stderr}`);
}

function formats(tmc, name, text) {
  const r = spawnSync(tmc, ['fmt', '-'], { input: text + '\n', encoding: 'utf8' });
  assert.strictEqual(r.status, 0, `${name}: tmc fmt failed on\n${text}\n${r.stderr}`);
  assert.ok(r.stdout.trim().length > 0, `${name}: tmc fmt wrote nothing`);
}

test('package.json declares the snippets for the tm language', () => {
  const declared = manifest.contributes.snippets;
  assert.deepStrictEqual(declared, [{ language: 'tm', path: './snippets/tmc.json' }]);
});

test('each snippet has a prefix, a description and a body', () => {
  assert.ok(Object.keys(snippets).length > 0);
  for (const [name, s] of Object.entries(snippets)) {
    const prefixes = [].concat(s.prefix);
    assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && /^\w+$/.test(p)), name);
    assert.ok(typeof s.description === 'string' && s.description.length > 0, name);
    assert.ok(Array.isArray(s.body) && s.body.length > 0, name);
    assert.ok(s.body.every((l) => typeof l === 'string'), name);
    assert.ok(s.body.join('\n').includes('$0'), `${name}: the cursor ends somewhere ($0)`);
  }
});

test('every declaration kind has a snippet', () => {
  const prefixes = Object.values(snippets).flatMap((s) => [].concat(s.prefix));
  for (const want of ['model', 'boundary', 'actor', 'server', 'process', 'lambda', 'datastore',
    'element', 'data', 'flow', 'triage', 'threat', 'predicate', 'kind', 'record', 'enum', 'import']) {
    assert.ok(prefixes.includes(want), `no snippet with the prefix "${want}"`);
  }
});

test('expand sets placeholders to their defaults', () => {
  assert.strictEqual(expand(['a ${1:x} ${2|p,q|} $1 ${3} $0']), 'a x p x  ');
  assert.strictEqual(expand(['${1|p,q|}'], { 1: 'q' }), 'q');
  assert.strictEqual(expand(['${2:${1:e}.b} $1']), 'e.b e');
});

test('each snippet, its placeholders filled, formats and compiles', (t) => {
  const tmc = findTmc();
  if (!need(t, tmc, 'tmc not built (cargo build -p tmc, or set TMC_BIN)')) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmc-snippets-'));
  try {
    // What the import snippet names.
    fs.mkdirSync(path.join(dir, 'shared'));
    fs.writeFileSync(path.join(dir, 'shared', 'network.tm'), 'boundary lan "LAN"\n');
    for (const [name, s] of Object.entries(snippets)) {
      for (const text of expansions(s.body)) {
        formats(tmc, name, text);
        compiles(tmc, dir, name, text);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
