/**
 * The folders of src/store, as ESLint keeps them layered (eslint.config.js, `storeZones`): idb < index <
 * jobs < corpus, history on idb, and open-store.ts imported by callers only. Paths name real files, since
 * the rule resolves them.
 */
import { lintMessages } from './lint-text';

const LAYERS = /idb < index < jobs < corpus/;

/** [importing folder, imported module, the one name imported, the error expected (null: allowed)]. */
const cases: Array<[string, string, string, RegExp | null]> = [
  ['index', '../idb/text-codec', 'packText', null],
  ['jobs', '../index/index-snapshot', 'loadIndex', null],
  ['corpus', '../jobs/run-import', 'runImport', null],
  ['history', '../idb/tx-requests', 'Requests', null],
  ['.', './corpus/idb-corpus-store', 'IdbCorpusStore', null],
  ['idb', '../index/index-snapshot', 'loadIndex', LAYERS],
  ['idb', '../jobs/run-import', 'runImport', LAYERS],
  ['index', '../jobs/write-batch', 'writeBatch', LAYERS],
  ['jobs', '../corpus/idb-corpus-store', 'IdbCorpusStore', LAYERS],
  ['history', '../jobs/commit', 'commit', /history builds on src\/store\/idb alone/],
  ['jobs', '../open-store', 'openStore', /front door/],
];

test('each folder of src/store imports only the ones before it, and never open-store.ts', () => {
  const messages = lintMessages(
    cases.map(([folder, from, name]) => ({ file: `src/store/${folder}/example.ts`, code: `import { ${name} as x } from '${from}';\nexport const n = typeof x;\n` })),
    'import/no-restricted-paths',
  );
  cases.forEach(([folder, from, , expected], i) => {
    const got = { folder, from, errors: messages[i] };
    if (expected === null) expect(got).toEqual({ folder, from, errors: [] });
    else expect(got).toEqual({ folder, from, errors: [expect.stringMatching(expected)] });
  });
});
