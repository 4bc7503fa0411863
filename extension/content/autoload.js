// First of the files the auto-open content script adds on page load: it tells content/main.js
// that it runs at load time (for the icon and auto-open), not because of a click.
'use strict';
globalThis.siftInjectedAtLoad = true;
