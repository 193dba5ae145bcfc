/**
 * The bundled demo corpus (four reports of one news event, see data/README.md), inlined at build time so the
 * first-run page needs no network and no web-accessible file.
 */
import demoCorpus from '../../../data/demo-corpus.jsonl?raw';

/** The name the demo's records are imported under (ids come from the file, so it only shows in messages). */
export const DEMO_CORPUS_NAME = 'demo-corpus.jsonl';

export const DEMO_CORPUS_JSONL: string = demoCorpus;
