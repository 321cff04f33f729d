// Unit tests of extension.js with stand-ins for the `vscode` API and the
// language client: how the server is found and started, what it is sent,
// and the error shown when it cannot be started. Run: npm run test:unit
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');

// ---------------------------------------------------------------- stand-ins

const world = {
  settings: {},
  errors: [],
  clients: [],
  configListeners: [],
  failStart: null,
};

class FakeClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, stopped: false });
    world.clients.push(this);
  }
  async start() {
    if (world.failStart) throw new Error(world.failStart);
  }
  async stop() {
    this.stopped = true;
  }
  async dispose() {
    this.stopped = true;
  }
}

const vscode = {
  workspace: {
    workspaceFolders: undefined,
    getConfiguration(section) {
      assert.strictEqual(section, 'tmc');
      return { get: (key, def) => (key in world.settings ? world.settings[key] : def) };
    },
    onDidChangeConfiguration(listener) {
      world.configListeners.push(listener);
      return { dispose() {} };
    },
  },
  window: {
    createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }),
    showErrorMessage: async (message) => {
      world.errors.push(message);
      return undefined;
    },
  },
  commands: {
    registerCommand: () => ({ dispose() {} }),
    executeCommand: async () => undefined,
  },
};

const languageClient = { LanguageClient: FakeClient, RevealOutputChannelOn: { Never: 4 } };

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return languageClient;
  return load.call(this, request, ...rest);
};
const extension = require('../extension.js');

// ---------------------------------------------------------------- helpers

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tmc-ext-'));
const exe = process.platform === 'win32' ? 'tmc.cmd' : 'tmc';
const fakeTmc = path.join(tmp, exe);
fs.writeFileSync(fakeTmc, '#!/bin/sh\nexit 0\n', { mode: 0o755 });

async function activate(settings, env = {}) {
  world.settings = settings;
  world.errors = [];
  world.clients = [];
  world.configListeners = [];
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    await extension.activate({ subscriptions: [] });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  // Let the error message promises settle.
  await new Promise((resolve) => setImmediate(resolve));
}

test.after(async () => {
  await extension.deactivate();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

test('starts `<tmc.path> lsp` with showFindings and the tmc settings section', async () => {
  await activate({ path: fakeTmc, showFindings: false });
  assert.deepStrictEqual(world.errors, []);
  assert.strictEqual(world.clients.length, 1);
  const c = world.clients[0];
  assert.strictEqual(c.id, 'tmc');
  assert.deepStrictEqual(c.serverOptions, { command: fakeTmc, args: ['lsp'] });
  assert.deepStrictEqual(c.clientOptions.initializationOptions, {
    showFindings: false,
    workspaceDiagnostics: true,
    allowOutsideImports: false,
  });
  assert.strictEqual(c.clientOptions.synchronize.configurationSection, 'tmc');
  assert.deepStrictEqual(c.clientOptions.documentSelector, [{ scheme: 'file', language: 'tm' }]);
  await extension.deactivate();
  assert.ok(c.stopped);
});

test('showFindings defaults to true', async () => {
  await activate({ path: fakeTmc });
  assert.deepStrictEqual(world.clients[0].clientOptions.initializationOptions, {
    showFindings: true,
    workspaceDiagnostics: true,
    allowOutsideImports: false,
  });
  await extension.deactivate();
});

test('workspaceDiagnostics is passed to the server', async () => {
  await activate({ path: fakeTmc, workspaceDiagnostics: false });
  assert.strictEqual(world.clients[0].clientOptions.initializationOptions.workspaceDiagnostics, false);
  await extension.deactivate();
});

test('allowOutsideImports is passed to the server', async () => {
  await activate({ path: fakeTmc, allowOutsideImports: true });
  assert.strictEqual(world.clients[0].clientOptions.initializationOptions.allowOutsideImports, true);
  await extension.deactivate();
});

test('a bare name is looked up on PATH', async () => {
  await activate({}, { PATH: ['/nonexistent', tmp].join(path.delimiter) });
  assert.deepStrictEqual(world.errors, []);
  assert.strictEqual(world.clients[0].serverOptions.command, fakeTmc);
  await extension.deactivate();
});

test('a missing executable gives a clear error and starts nothing', async () => {
  await activate({ path: 'tmc-does-not-exist' }, { PATH: tmp });
  assert.strictEqual(world.clients.length, 0);
  assert.strictEqual(world.errors.length, 1);
  assert.match(world.errors[0], /"tmc-does-not-exist" was not found/);
  assert.ok(world.errors[0].includes(`Looked in: ${path.join(tmp, 'tmc-does-not-exist')}, `), world.errors[0]);
  assert.ok(world.errors[0].includes(path.join(os.homedir(), '.cargo', 'bin', 'tmc-does-not-exist')));
  assert.match(world.errors[0], /tmc\.path/);
});

test('a server that fails to start gives a clear error', async () => {
  world.failStart = 'spawn EACCES';
  try {
    await activate({ path: fakeTmc });
  } finally {
    world.failStart = null;
  }
  assert.strictEqual(world.errors.length, 1);
  assert.match(world.errors[0], /cannot start the language server/);
  assert.match(world.errors[0], /spawn EACCES/);
  assert.ok(world.clients[0].stopped);
});

test('changing tmc.allowOutsideImports restarts the server', async () => {
  await activate({ path: fakeTmc });
  const change = (key) => ({ affectsConfiguration: (k) => k === key });
  for (const l of world.configListeners) l(change('tmc.allowOutsideImports'));
  await extension.deactivate();
  assert.strictEqual(world.clients.length, 2);
  assert.ok(world.clients.every((c) => c.stopped));
});

test('changing tmc.path restarts the server; other settings do not', async () => {
  await activate({ path: fakeTmc });
  const [first] = world.clients;
  const change = (key) => ({ affectsConfiguration: (k) => k === key });
  for (const l of world.configListeners) await l(change('tmc.showFindings'));
  await extension.deactivate(); // waits for queued work
  assert.strictEqual(world.clients.length, 1);

  await activate({ path: fakeTmc });
  const [second] = world.clients;
  for (const l of world.configListeners) l(change('tmc.path'));
  await extension.deactivate();
  assert.strictEqual(world.clients.length, 2);
  assert.ok(second.stopped);
  assert.ok(world.clients[1].stopped);
  assert.ok(first.stopped);
});
