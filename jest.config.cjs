/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // Some dependencies ship ESM only; let swc turn them into CommonJS too.
  // (jsdom 27's CSS stack, @csstools/*, ships .mjs files.)
  transformIgnorePatterns: ['^(?!.*/node_modules/(fflate|@csstools|@asamuzakjp|parse5|entities)/).*/node_modules/'],
  moduleNameMapper: {
    '^webextension-polyfill$': '<rootDir>/test/mocks/webextension-polyfill.ts',
  },
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 120000,
};
