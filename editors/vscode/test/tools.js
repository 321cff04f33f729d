// Finding the outside programs the extension's tests run: the `tmc` binary
// built by cargo and the system's Chromium. A test that needs one and cannot
// find it fails under CI=true and is skipped (saying so) otherwise.
'use strict';

const fs = require('fs');
const path = require('path');

const repo = path.resolve(__dirname, '..', '..', '..');

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The tmc binary: $TMC_BIN, then cargo's target directories, then PATH. */
function findTmc() {
  const targets = [process.env.CARGO_TARGET_DIR, path.join(repo, 'target')].filter(Boolean);
  const candidates = [
    process.env.TMC_BIN,
    ...targets.flatMap((t) => [path.join(t, 'debug', 'tmc'), path.join(t, 'release', 'tmc')]),
  ].filter(Boolean);
  return candidates.find(executable) || onPath('tmc');
}

/** Debian's chromium (or $CHROMIUM_BIN). */
function findChromium() {
  const candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium'].filter(Boolean);
  return candidates.find(executable) || onPath('chromium');
}

/**
 * Skips the test `t` (printing why) when `tool` is missing, or throws when
 * CI=true: in CI a missing tool is a failure, never a silent pass.
 * Returns true when the test may go on.
 */
function need(t, tool, what) {
  if (tool) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is needed under CI=true but was not found`);
  console.log(`skipped: ${what}`);
  t.skip(`skipped: ${what}`);
  return false;
}

// preview-panel.js, loaded outside VS Code: its `require('vscode')` gets an
// empty stand-in (the page's HTML needs nothing from it).
function previewPanel() {
  const Module = require('module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return {};
    return load.call(this, request, ...rest);
  };
  try {
    return require('../preview-panel.js');
  } finally {
    Module._load = load;
  }
}

module.exports = { repo, findTmc, findChromium, need, previewPanel };
