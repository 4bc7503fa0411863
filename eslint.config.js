// ESLint for the extension's scripts and the end-to-end tests (`npm run lint`).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['extension/dist/**', 'extension/pkg/**', 'node_modules/**', 'target/**'] },
  js.configs.recommended,
  {
    files: ['extension/**/*.js'],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'script',
      globals: { ...globals.browser, ...globals.webextensions, ...globals.serviceworker, wasm_bindgen: 'readonly' },
    },
  },
  {
    files: ['extension/build.mjs', 'tests/e2e/**/*.mjs', 'scripts/*.mjs', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // Functions passed to page.evaluate / waitForFunction run in the browser.
    files: ['tests/e2e/**/*.mjs', 'scripts/*.mjs'],
    languageOptions: {
      globals: { ...globals.browser, chrome: 'readonly', browser: 'readonly', wasm_bindgen: 'readonly' },
    },
  },
];
