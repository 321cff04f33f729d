// Unit tests of findExecutable, the pure lookup of the `tmc` executable:
// PATH first, then where `cargo install` and the usual installers put it,
// and every place tried when it is nowhere.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const Module = require('module');

// extension.js needs `vscode` and the client only once activated.
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode' || request === 'vscode-languageclient/node') return {};
  return load.call(this, request, ...rest);
};
const { findExecutable, notFoundMessage } = require('../extension.js');
Module._load = load;

/** A machine where only `files` are executable. */
function machine(files, over = {}) {
  const tried = [];
  return {
    where: {
      env: { PATH: '/usr/bin:/bin' },
      home: '/home/ada',
      platform: 'linux',
      cwd: '/',
      isExecutable: (f) => (tried.push(f), files.includes(f)),
      ...over,
    },
    tried,
  };
}

test('PATH comes first', () => {
  const { where } = machine(['/bin/tmc', '/home/ada/.cargo/bin/tmc']);
  assert.deepStrictEqual(findExecutable('tmc', where), { found: '/bin/tmc' });
});

test('cargo install\'s ~/.cargo/bin is found when it is not on PATH', () => {
  const { where } = machine(['/home/ada/.cargo/bin/tmc']);
  assert.deepStrictEqual(findExecutable('tmc', where), { found: '/home/ada/.cargo/bin/tmc' });
  assert.deepStrictEqual(findExecutable('', where), { found: '/home/ada/.cargo/bin/tmc' });
});

test('$CARGO_HOME/bin, /usr/local/bin and /opt/homebrew/bin are searched', () => {
  for (const file of ['/opt/cargo/bin/tmc', '/usr/local/bin/tmc', '/opt/homebrew/bin/tmc']) {
    const { where } = machine([file], { env: { PATH: '/usr/bin', CARGO_HOME: '/opt/cargo' } });
    assert.deepStrictEqual(findExecutable('tmc', where), { found: file });
  }
});

test('when it is nowhere, every place tried is listed, in order', () => {
  const { where } = machine([], { env: { PATH: '/usr/bin:/bin:/usr/bin' } });
  assert.deepStrictEqual(findExecutable('tmc', where), {
    looked: ['/usr/bin/tmc', '/bin/tmc', '/home/ada/.cargo/bin/tmc', '/usr/local/bin/tmc', '/opt/homebrew/bin/tmc'],
  });
});

test('a path is used as written: ~, relative to the workspace folder, absolute', () => {
  const { where } = machine(['/home/ada/bin/tmc', '/work/repo/target/debug/tmc', '/opt/tmc']);
  assert.deepStrictEqual(findExecutable('~/bin/tmc', where), { found: '/home/ada/bin/tmc' });
  assert.deepStrictEqual(
    findExecutable('target/debug/tmc', { ...where, folder: '/work/repo' }),
    { found: '/work/repo/target/debug/tmc' },
  );
  assert.deepStrictEqual(
    findExecutable('${workspaceFolder}/target/debug/tmc', { ...where, folder: '/work/repo' }),
    { found: '/work/repo/target/debug/tmc' },
  );
  // A path is not searched for elsewhere.
  assert.deepStrictEqual(findExecutable('/usr/bin/tmc', where), { looked: ['/usr/bin/tmc'] });
});

test('on Windows, PATHEXT and %USERPROFILE%\\.cargo\\bin', () => {
  const { where } = machine(['C:\\Users\\ada\\.cargo\\bin\\tmc.EXE'], {
    platform: 'win32',
    home: 'C:\\Users\\ada',
    env: { PATH: 'C:\\Windows', PATHEXT: '.EXE;.CMD' },
  });
  assert.deepStrictEqual(findExecutable('tmc', where), { found: 'C:\\Users\\ada\\.cargo\\bin\\tmc.EXE' });
});

test('the error names every place looked in and the setting', () => {
  const message = notFoundMessage('tmc', ['/usr/bin/tmc', '/home/ada/.cargo/bin/tmc']);
  assert.match(message, /"tmc" was not found/);
  assert.match(message, /Looked in: \/usr\/bin\/tmc, \/home\/ada\/\.cargo\/bin\/tmc\./);
  assert.match(message, /"tmc\.path"/);
  assert.match(message, /cargo install --locked --path cli/);
});
