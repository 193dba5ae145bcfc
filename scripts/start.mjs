// `npm start`: the main job. Until the browser extension lands, this is the CLI demo: build the CLI,
// then `wiretrace scan` the demo page (seed 001 rendered as a news page) against the bundled demo corpus
// (seeds 000, 002, 003, 004), printing the human report.
import { spawnSync } from 'node:child_process';

const run = (args) => {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(['scripts/build-cli.mjs']);
console.log('$ wiretrace scan data/demo/index.html   (corpus: the bundled demo corpus, data/demo-corpus.jsonl)\n');
run(['bin/wiretrace.cjs', 'scan', 'data/demo/index.html']);
