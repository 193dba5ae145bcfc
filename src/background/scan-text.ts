/**
 * Checking a text against the corpus: candidates from the cached index, their records from IndexedDB
 * (one transaction), alignment and attribution by the engine. Used for pages and for pasted text.
 */
import { analyze, analyzeText, type TextAnalysis, finishScan, scanCandidates, type ScanOptions, type SourceDoc, type MatchSource, type ScanResult } from '@wiretrace/engine';
import { isOutletIgnored, type Settings } from '../shared/settings';
import { NO_TIMER, type CheckTimer } from './check-timer';
import { dropIndex, forgetStore, getIndex, getStore, storageErrorMessage } from './store-access';
import { MAX_FIELD_CHARS } from './validate';

/**
 * Source analyses kept between checks, so that re-checking a page (or the next page of the same story)
 * does not re-tokenise its sources. 64 sources are about two pages' worth of candidates (40 + 10 each).
 */
const SOURCE_ANALYSIS_CACHE = 64;

export const NO_CORPUS_MESSAGE = 'Your corpus is empty: import articles in the WireTrace options to compare pages with them.';

export type ScanOutcome =
  | { status: 'done'; result: ScanResult; generation: number }
  | { status: 'no-corpus'; generation: number }
  | { status: 'error'; error: string };

const analyses = new Map<string, TextAnalysis>();
let analysesGeneration = -1;

function sourceAnalysis(id: string, text: string, generation: number): TextAnalysis {
  if (generation !== analysesGeneration) {
    analyses.clear(); // an id may now name another text
    analysesGeneration = generation;
  }
  let a = analyses.get(id);
  if (a) {
    analyses.delete(id);
  } else {
    a = analyzeText(text);
    if (analyses.size >= SOURCE_ANALYSIS_CACHE) analyses.delete(analyses.keys().next().value as string);
  }
  analyses.set(id, a);
  return a;
}

const cut = (s: string | null): string | null => (s !== null && s.length > MAX_FIELD_CHARS ? s.slice(0, MAX_FIELD_CHARS) : s);

/**
 * The result with each source's title, outlet and date cut to MAX_FIELD_CHARS, and a longer url dropped (a
 * cut URL would point elsewhere). Records come from imported files and may carry a title of megabytes; the
 * report goes to storage.session (10 MB quota for the whole extension) and to the tab's pages: one 10 MB
 * title made the tab's results unstorable, so the popup never saw them and the tab stayed "checking". No
 * view shows more than a few hundred characters; the compare page reads the full record from the store.
 */
export function boundSourceFields(result: ScanResult): ScanResult {
  const bound = (s: MatchSource): MatchSource => ({
    ...s,
    title: cut(s.title),
    outlet: cut(s.outlet),
    url: s.url !== null && s.url.length > MAX_FIELD_CHARS ? null : s.url,
    published: cut(s.published),
  });
  return { ...result, matches: result.matches.map((m) => ({ ...m, source: bound(m.source) })) };
}

/** Sources that are pages the reader read (captured) carry `seenAt`, the time they were captured. */
export function markSeen(result: ScanResult, seenAt: ReadonlyMap<string, string>): ScanResult {
  if (seenAt.size === 0) return result;
  return {
    ...result,
    matches: result.matches.map((m) => {
      const at = seenAt.get(m.source.id);
      return at === undefined ? m : { ...m, source: { ...m.source, seenAt: at } };
    }),
  };
}

/** The store's generation, or the storage error (used for the results cache key before scanning). */
export async function currentGeneration(): Promise<{ generation: number; error: null } | { generation: null; error: string }> {
  const access = await getStore();
  if (!access.store) return { generation: null, error: access.error };
  try {
    return { generation: await access.store.generation(), error: null };
  } catch (e) {
    forgetStore();
    return { generation: null, error: storageErrorMessage(e) };
  }
}

/**
 * `knownGeneration`: the store's generation when the caller has just read it (check-page reads it for the results
 * cache key), which saves reading it again; otherwise it is read here. `timer`: the check's, for the benchmark.
 */
export async function scanText(
  text: string,
  settings: Settings,
  excludeUrl: ScanOptions['excludeUrl'],
  knownGeneration?: number,
  timer: CheckTimer = NO_TIMER,
): Promise<ScanOutcome> {
  const access = await getStore();
  if (!access.store) return { status: 'error', error: access.error };
  const store = access.store;
  try {
    const { corpus, generation } = await getIndex(store, knownGeneration);
    timer.lap('index');
    if (corpus.size === 0) return { status: 'no-corpus', generation };
    const analysis = analyze(text);
    timer.lap('analyze');
    const ids = scanCandidates(corpus.index, analysis).map((ord) => corpus.index.doc(ord)!.id);
    timer.lap('candidates');
    const records = await store.getRecords(ids);
    timer.lap('records');
    const sources: SourceDoc[] = [];
    /** Captured sources: when the reader read them ("seen before"). */
    const seenAt = new Map<string, string>();
    for (const record of records) {
      // A record missing here was deleted after the index was loaded; the next check reloads it.
      if (!record || isOutletIgnored(settings, record.outlet)) continue;
      sources.push({ record, analysis: sourceAnalysis(record.id, record.text, generation) });
      if (record.origin === 'capture') seenAt.set(record.id, record.addedAt);
    }
    const result = markSeen(
      boundSourceFields(
        finishScan(corpus.index, analysis, sources, {
          minWords: settings.minWords,
          includeQuotes: settings.showQuotes,
          includeReworded: settings.showReworded,
          excludeUrl,
        }),
      ),
      seenAt,
    );
    timer.lap('align');
    return { status: 'done', result, generation };
  } catch (e) {
    // The connection may have been closed under us (an update migrating the database): reopen next time.
    forgetStore();
    dropIndex();
    return { status: 'error', error: storageErrorMessage(e) };
  }
}
