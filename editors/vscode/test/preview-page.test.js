// The DFD preview's page (media/preview.html): every placeholder is filled,
// and its content security policy lets nothing come from the network.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { previewPanel } = require('./tools');

const { previewHtml } = previewPanel();

const template = fs.readFileSync(path.join(__dirname, '..', 'media', 'preview.html'), 'utf8');

test('the page fills every placeholder', () => {
  const html = previewHtml(template, { cspSource: 'vscode-resource:', nonce: 'N0NCE', script: 'vscode-resource:/media/preview.js' });
  assert.doesNotMatch(html, /\{\{/);
  assert.match(html, /<script nonce="N0NCE" src="vscode-resource:\/media\/preview\.js"><\/script>/);
});

test('the content security policy allows no network and no inline code without the nonce', () => {
  const html = previewHtml(template, { cspSource: 'vscode-resource:', nonce: 'N0NCE', script: 'x.js' });
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
  const rules = Object.fromEntries(csp.split(';').map((r) => r.trim()).filter(Boolean)
    .map((r) => { const [k, ...v] = r.split(/\s+/); return [k, v]; }));
  assert.deepStrictEqual(rules['default-src'], ["'none'"]);
  assert.deepStrictEqual(rules['script-src'], ["'nonce-N0NCE'"]);
  assert.deepStrictEqual(rules['style-src'], ["'nonce-N0NCE'"]);
  assert.doesNotMatch(csp, /https?:|\*|unsafe/);
  assert.doesNotMatch(html, /https?:\/\//);
});
