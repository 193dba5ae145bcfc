/**
 * The engine's package boundary, as ESLint enforces it (eslint.config.js): code outside src/core imports
 * `@wiretrace/engine` or `@wiretrace/engine/formats` only, and the matching code never imports the formats.
 * The cases are linted as files of the repository (lint-text.ts).
 */
import { lintMessages, type LintCase as Case } from './lint-text';

/** The no-restricted-imports messages ESLint gives each case, in order. */
const lint = (cases: Case[]): string[][] => lintMessages(cases, 'no-restricted-imports');

const use = "export const n = typeof x === 'undefined' ? 0 : 1;\n";
const allowed: Case[] = [
  { file: 'src/ui/popup/example.ts', code: `import type { PageReport as x } from '@wiretrace/engine';\n${use}` },
  { file: 'src/store/example.ts', code: `import { importSources as x } from '@wiretrace/engine/formats';\n${use}` },
  { file: 'bench/example.ts', code: `import { PostingTable as x } from '@wiretrace/engine';\n${use}` },
  { file: 'test/store/example.test.ts', code: `import { rng as x } from '../../src/core/test/support/text-gen';\n${use}` },
  { file: 'src/core/match-example.ts', code: `import { tokenize as x } from './tokenize';\n${use}` },
  { file: 'src/core/formats/import/example.ts', code: `import type { CorpusRecord as x } from '../../types';\n${use}` },
  { file: 'src/core/formats.ts', code: `export { importSources } from './formats/import';\n` },
];
const refused: Case[] = [
  { file: 'src/ui/popup/example.ts', code: `import type { PageReport as x } from '../../core/types';\n${use}` },
  { file: 'src/content/example.ts', code: `import { tokenize as x } from '../core';\n${use}` },
  { file: 'src/cli/example.ts', code: `import { tokenize as x } from '@wiretrace/engine/tokenize';\n${use}` },
  { file: 'src/store/example.ts', code: `import { Deduper as x } from '@wiretrace/engine/formats/import/deduper';\n${use}` },
  { file: 'bench/example.ts', code: `import { PostingTable as x } from '../src/core/posting-table';\n${use}` },
  { file: 'scripts/example.mjs', code: `import { analyze as x } from '../src/core/analysis.ts';\n${use}` },
  { file: 'test/ui/example.test.ts', code: `import { MemoryCorpus as x } from '../../src/core/corpus';\n${use}` },
  { file: 'test/ui/example.test.ts', code: `import { wordsOf as x } from '../../src/core/test/helpers';\n${use}` },
  { file: 'src/shared/example.ts', code: `import { rng as x } from '../core/test/support/text-gen';\n${use}` },
  // Inside the engine: matching does not import formats; test support imports no engine code.
  { file: 'src/core/match-example.ts', code: `import { decodeText as x } from './formats/import/text-decoding';\n${use}` },
  { file: 'src/core/corpus-example.ts', code: `import { decodeText as x } from './formats';\n${use}` },
  { file: 'src/core/test/support/example.ts', code: `import { tokenize as x } from '../../tokenize';\n${use}` },
];

test('the package entries, the test support and imports inside the engine pass', () => {
  expect(lint(allowed)).toEqual(allowed.map(() => []));
});

test('relative paths into src/core, deep package paths and matching → formats are errors', () => {
  const messages = lint(refused);
  refused.forEach((c, i) => {
    expect({ ...c, errors: messages[i].length }).toEqual({ ...c, errors: 1 });
  });
  expect(messages[0][0]).toMatch(/@wiretrace\/engine/);
  expect(messages[2][0]).toMatch(/entries only/);
  expect(messages[9][0]).toMatch(/does not import the file formats/);
});
