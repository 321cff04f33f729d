// The DFD preview, in the webview: shows the SVG the extension sends
// ({ type: 'diagram', svg } or { type: 'status', text, error }) and, on a
// click on an element, flow or boundary, posts { type: 'reveal', id } so the
// extension shows its declaration. It posts { type: 'ready' } once loaded.
// The SVG is parsed into an inert template and adopted, never run: it has
// no scripts, and the page's content security policy would refuse them.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const view = document.getElementById('diagram');
  const status = document.getElementById('status');

  /** The prefixes of the ids tmc gives what it draws (diagram/src/svg.rs). */
  const PREFIXES = ['tmc-element-', 'tmc-boundary-', 'tmc-flow-'];
  const SELECTOR = PREFIXES.map((p) => `[id^="${p}"]`).join(',');

  /** The model id in an SVG id such as `tmc-element-web`, or undefined. */
  function modelId(svgId) {
    const prefix = PREFIXES.find((p) => svgId.startsWith(p));
    return prefix === undefined ? undefined : svgId.slice(prefix.length);
  }

  function say(text, error) {
    status.textContent = text;
    status.className = error ? 'error' : '';
  }

  function render(svgText) {
    // Parsed as HTML into an inert template: its scripts never run, and a
    // broken text gives no svg (an XML parser's error page would carry
    // inline styles, which the page's policy refuses).
    const holder = document.createElement('template');
    holder.innerHTML = svgText;
    const root = holder.content.querySelector('svg');
    if (!root) {
      say('The diagram could not be read.', true);
      return;
    }
    view.replaceChildren(document.importNode(root, true));
    say('Click an element, flow or boundary to go to its declaration.', false);
  }

  window.addEventListener('message', (event) => {
    const message = event.data || {};
    if (message.type === 'diagram' && typeof message.svg === 'string') {
      render(message.svg);
    } else if (message.type === 'status' && typeof message.text === 'string') {
      say(message.text, Boolean(message.error));
    }
  });

  view.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest(SELECTOR) : null;
    const id = target && modelId(target.id);
    if (id) vscode.postMessage({ type: 'reveal', id });
  });

  vscode.postMessage({ type: 'ready' });
})();
