// The content scripts' one DOM helper: `el('p', {class: 'x'}, 'text', child)` builds an element
// of the page's document. Attribute values and text are always set as text, never parsed as
// HTML; `on…` attributes become event listeners.
'use strict';

if (!globalThis.SiftDom) {
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false || c === '') continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  globalThis.SiftDom = { el };
}
