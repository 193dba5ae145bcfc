// The engine's own tests (test/**), run alone with `npm test -w @wiretrace/engine`. The repository's
// `npm test` runs them in its unit project instead (jest.config.cjs at the root lists this folder).
const transform = {
  '^.+\\.(t|j)sx?$|^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
};

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'engine',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform,
  // fflate ships ESM too; let swc turn it into CommonJS.
  transformIgnorePatterns: ['^(?!.*/node_modules/fflate/).*/node_modules/'],
  testTimeout: 120000,
};
