// Lint rules. Context boundaries (Dark Reader style) are enforced with import/no-restricted-paths:
// src/core is pure and imports nothing from other contexts; browser contexts never import the Node CLI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';

const browserContexts = ['./src/content', './src/background', './src/ui'];
const extensionShared = ['./src/shared', './src/store'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**', 'test-output/**'] },
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
              from: ['./src/cli', './src/extract', ...browserContexts],
              message: 'src/core is pure: it may not import from other contexts.',
            },
            { target: './src/extract', from: ['./src/cli', ...browserContexts], message: 'src/extract is shared by the CLI and the content script.' },
            { target: [...browserContexts, ...extensionShared], from: './src/cli', message: 'Browser code may not import the Node CLI.' },
            {
              target: './src/core',
              from: extensionShared,
              message: 'src/core is pure: it may not import extension code.',
            },
            { target: './src/shared', from: ['./src/store', ...browserContexts], message: 'src/shared holds contracts and small helpers for every context.' },
            { target: './src/store', from: browserContexts, message: 'src/store is used by the background and extension pages, never the reverse.' },
            {
              target: './src/content',
              from: ['./src/store', './src/background', './src/ui'],
              message: "The content script runs in the page's origin: it talks to the background by messages and never opens the extension's IndexedDB.",
            },
            { target: './src/background', from: ['./src/content', './src/ui'], message: 'The background does not import page or UI code.' },
            { target: './src/ui', from: ['./src/content', './src/background'], message: 'Extension pages talk to the background by messages.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['document', 'window', 'chrome', 'browser', 'DOMParser', 'localStorage', 'indexedDB', 'Buffer', 'process', 'require'].map((name) => ({
          name,
          message: 'src/core is pure: no DOM, no chrome.*, no Node globals.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'fs', 'path', 'os', 'jsdom', 'webextension-polyfill', '@mozilla/readability'], message: 'src/core is pure.' }] },
      ],
    },
  },
  {
    files: ['src/extract/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'document', message: 'Use the Document passed in.' }, { name: 'window', message: 'Use doc.defaultView.' }],
    },
  },
  {
    // Messages are made by `message()` (src/shared/messages.ts) only, so that each one is typed by the message map.
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
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
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
