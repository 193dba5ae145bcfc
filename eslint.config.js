// Lint rules. Context boundaries (Dark Reader style) are enforced with import/no-restricted-paths:
// src/core is pure and imports nothing from other contexts; browser contexts never import the Node CLI or
// the team corpus server (src/server).
// The engine (src/core) is the package @wiretrace/engine: code outside it imports its two entries only,
// and inside it the matching code never imports the file formats (no-restricted-imports, below).
// bench/ and tools/ import nothing from test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';

const browserContexts = ['./src/content', './src/background', './src/ui'];
const extensionShared = ['./src/shared', './src/store'];

// Inside src/store each folder builds only on the ones before it: idb (IndexedDB access), index (the
// writer's index and its worker), jobs (imports and restores), corpus (the CorpusStore). history sits on
// idb beside them. api.ts (the contract) and open-store.ts (the front door) stay at the top.
const storeLayers = ['idb', 'index', 'jobs', 'corpus'].map((name) => `./src/store/${name}`);
const storeZones = [
  ...storeLayers.slice(0, -1).map((target, i) => ({
    target,
    from: storeLayers.slice(i + 1),
    message: 'src/store layers: idb < index < jobs < corpus; a folder imports only the ones before it.',
  })),
  { target: './src/store/history', from: storeLayers.slice(1), message: 'src/store/history builds on src/store/idb alone.' },
  {
    target: ['./src/store/*/**'],
    from: './src/store/open-store.ts',
    message: 'open-store.ts is the front door for callers; the folders inside src/store do not import it.',
  },
];

// src/core's purity, for its code (its tests run in Node and may use Node).
const engineCode = ['src/core/**/*.ts'];
const engineTests = ['src/core/test/**'];
const pureImports = { group: ['node:*', 'fs', 'path', 'os', 'jsdom', 'webextension-polyfill', '@mozilla/readability'], message: 'src/core is pure.' };
// The engine's package boundary, for code outside it.
const engineEntries = {
  regex: '^@wiretrace/engine/(?!formats$)',
  message: "Import the engine's entries only: '@wiretrace/engine' or '@wiretrace/engine/formats'.",
};
const intoEngine = (allowed) => ({
  regex: `^(\\.{1,2}/)+(src/)?core${allowed ? `(?!/${allowed}/)` : ''}(/|$)`,
  message: "Code outside src/core imports the engine as a package: '@wiretrace/engine' or '@wiretrace/engine/formats'.",
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**', 'test-output/**', 'src/core/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.cjs'] } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/core',
              from: ['./src/cli', './src/extract', './src/server', ...browserContexts],
              message: 'src/core is pure: it may not import from other contexts.',
            },
            { target: './src/extract', from: ['./src/cli', './src/server', ...browserContexts], message: 'src/extract is shared by the CLI and the content script.' },
            { target: [...browserContexts, ...extensionShared], from: './src/cli', message: 'Browser code may not import the Node CLI.' },
            // src/server (the team corpus server) may import src/core, src/extract and the CLI's helpers.
            { target: [...browserContexts, ...extensionShared], from: './src/server', message: 'Browser code may not import the team corpus server.' },
            { target: './src/server', from: [...browserContexts, ...extensionShared], message: 'The server runs in Node: no extension code.' },
            {
              target: './src/core',
              from: extensionShared,
              message: 'src/core is pure: it may not import extension code.',
            },
            { target: './src/shared', from: ['./src/store', ...browserContexts], message: 'src/shared holds contracts and small helpers for every context.' },
            { target: './src/store', from: browserContexts, message: 'src/store is used by the background and extension pages, never the reverse.' },
            ...storeZones,
            {
              target: './src/content',
              from: ['./src/store', './src/background', './src/ui'],
              message: "The content script runs in the page's origin: it talks to the background by messages and never opens the extension's IndexedDB.",
            },
            { target: './src/background', from: ['./src/content', './src/ui'], message: 'The background does not import page or UI code.' },
            { target: './src/ui', from: ['./src/content', './src/background'], message: 'Extension pages talk to the background by messages.' },
            {
              target: ['./bench', './tools'],
              from: './test',
              message: 'The tests use bench and tools code, never the reverse: shared helpers live in tools/ (browser tooling in tools/browser).',
            },
            { target: './tools', from: './bench', message: 'tools/ is shared by npm start, the tests and the benchmarks: it imports none of them.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.{ts,mts,js,mjs,cjs}'],
    ignores: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineEntries, intoEngine()] }] },
  },
  {
    // Tests may borrow the engine's test support (seeded text generators, fuzz settings), which imports no engine code.
    files: ['test/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [engineEntries, intoEngine('test/support')] }] },
  },
  {
    files: engineCode,
    ignores: engineTests,
    rules: {
      'no-restricted-globals': [
        'error',
        ...['document', 'window', 'chrome', 'browser', 'DOMParser', 'localStorage', 'indexedDB', 'Buffer', 'process', 'require'].map((name) => ({
          name,
          message: 'src/core is pure: no DOM, no chrome.*, no Node globals.',
        })),
      ],
      'no-restricted-imports': ['error', { patterns: [pureImports] }],
    },
  },
  {
    // Matching never depends on the file formats (src/core/formats, entry formats.ts): they sit on top of it.
    files: engineCode,
    ignores: [...engineTests, 'src/core/formats/**', 'src/core/formats.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [pureImports, { regex: '^\\.{1,2}/(\\.\\./)*formats(/|$)', message: 'The matching engine does not import the file formats.' }] },
      ],
    },
  },
  {
    // The engine's test support is borrowed by the repository's tests: it stays free of engine code.
    files: ['src/core/test/support/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.', message: 'Test support imports no engine or test code.' }] }] },
  },
  {
    files: ['src/extract/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'document', message: 'Use the Document passed in.' }, { name: 'window', message: 'Use doc.defaultView.' }],
    },
  },
  {
    // Messages are made by `message()` (src/shared/messages.ts) only, so that each one is typed by the message map.
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ObjectExpression:has(> Property[key.name='v']):has(> Property[key.name='type'])",
          message: "Make messages with message(type, payload) from src/shared/messages.ts, not as { v, type } literals.",
        },
      ],
    },
  },
  {
    // Tests read untyped JSON (CLI output, fixtures).
    files: ['test/**/*.ts', 'src/core/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
