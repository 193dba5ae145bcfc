/**
 * Benchmark 2: the index at 1k, 10k, 100k documents. Build rate (analyze included), compaction, memory,
 * serialised size, candidate lookup and full scan latency, and recall of spliced passages.
 */
import { analyze, MemoryCorpus, readCorpus, writeCorpus, type PostingTable, type ScanResult } from '@wiretrace/engine';
import { generatePages, subSeed, type CorpusGenerator, type TestPage } from './corpus-gen';
import { countVisits, withCompactTiming } from './probe';
import { RecallTally } from './recall';
import { runWhatIf, type WhatIfRow } from './what-if';
import { fmtBytes, fmtCount, fmtInt, fmtMs, fmtPct, fmtRate, fmtRatio, met, type Table } from './report';
import { latencies, mean, memoryAfterGc, msSince, summarize, timeMs, totalBytes, type Summary } from './stats';

export interface IndexScaleOptions {
  sizes: number[];
  /** Test pages per size (timed). */
  pages: number;
  /** Extra pages scanned before timing (not reused in the timed set, so no cached source analyses). */
  warmupPages: number;
  /** Pages also scanned on the corpus loaded back from its file. */
  loadedPages: number;
  /** Corpus documents re-analysed to profile key document frequencies (for the 1M simulation). */
  dfSampleDocs: number;
  seed: number;
}

/** How a channel's postings are spread over document frequencies (posting-weighted). */
export interface DfProfile {
  postings: number;
  /** Share of postings whose key no other document has. */
  unique: number;
  /** Share of postings whose key 2..dfLimit documents have, and their mean document frequency. */
  shared: number;
  sharedMeanDf: number;
  /** Share of postings whose key is boilerplate (more than dfLimit documents), and their mean df. */
  boilerplate: number;
  boilerplateMeanDf: number;
}

export interface SizeResult {
  docs: number;
  words: number;
  buildMs: number;
  analyzeMs: number;
  autoCompactMs: number;
  autoCompactions: number;
  finalCompactMs: number;
  /** Memory the corpus object added (heap + typed arrays), the texts themselves excluded. */
  indexBytes: number;
  heapUsed: number;
  arrayBuffers: number;
  fingerprintPostings: number;
  passagePostings: number;
  fileNoTexts: number;
  fileWithTexts: number;
  writeMs: number;
  loadMs: number;
  writeTextsMs: number;
  loadTextsMs: number;
  candidates: Summary;
  postingsVisited: number;
  /** Of which in the passage (reworded) channel. */
  passagePostingsVisited: number;
  candidatesPerPage: number;
  /** Of which: verbatim candidates sharing a single fingerprint, and candidates sharing only passage keys. */
  singleHitCandidates: number;
  rewordedOnlyCandidates: number;
  scan: Summary;
  /** scan() on the corpus read back from its .wtc (with texts), on the first `loadedPages` pages. */
  scanLoaded: Summary | null;
  analyzePage: Summary;
  recall: number;
  recallPassages: number;
  recallCoverage: number;
  pages: number;
  /** Per-document key counts (a sample), for the simulation. */
  fingerprintCounts: number[];
  passageKeyCounts: number[];
  dfLimit: number;
  fingerprintDf: DfProfile;
  passageDf: DfProfile;
  /** What-if rows (largest size only). */
  whatIf?: WhatIfRow[];
}

type Log = (msg: string) => void;

/** candidates() runs per page; the page's latency is their median (it is pure, so repeats are identical work). */
export const CANDIDATE_REPEAT = 5;

function dfProfile(table: PostingTable, keysOfDocs: Uint32Array[], limit: number): DfProfile {
  let postings = 0;
  let unique = 0;
  let shared = 0;
  let sharedDf = 0;
  let boiler = 0;
  let boilerDf = 0;
  for (const keys of keysOfDocs) {
    for (const k of keys) {
      const df = table.count(k);
      postings++;
      if (df <= 1) unique++;
      else if (df <= limit) {
        shared++;
        sharedDf += df;
      } else {
        boiler++;
        boilerDf += df;
      }
    }
  }
  return {
    postings,
    unique: unique / postings,
    shared: shared / postings,
    sharedMeanDf: shared ? sharedDf / shared : 0,
    boilerplate: boiler / postings,
    boilerplateMeanDf: boiler ? boilerDf / boiler : 0,
  };
}

export function runIndexSize(gen: CorpusGenerator, n: number, opts: IndexScaleOptions, log: Log, whatIf = false): SizeResult {
  const docs = gen.generate(n);
  const words = docs.reduce((s, d) => s + d.words, 0);
  const pages = generatePages(gen, n, opts.pages, subSeed(opts.seed, 100 + n));
  const warmup = generatePages(gen, n, opts.warmupPages, subSeed(opts.seed, 200 + n));
  const pageAnalyses = pages.map((p) => analyze(p.text));

  const before = memoryAfterGc();
  log(`index ${fmtCount(n)}: building`);
  const fingerprintCounts: number[] = [];
  const passageKeyCounts: number[] = [];
  let analyzeMs = 0;
  let corpus: MemoryCorpus | null = new MemoryCorpus();
  const built = withCompactTiming(() => {
    const c = corpus as MemoryCorpus;
    const start = process.hrtime.bigint();
    for (let i = 0; i < docs.length; i++) {
      const t0 = process.hrtime.bigint();
      const a = analyze(docs[i].record.text);
      analyzeMs += msSince(t0);
      if (i % 10 === 0 && fingerprintCounts.length < 20_000) {
        fingerprintCounts.push(a.fingerprints.length);
        passageKeyCounts.push(a.passageKeys.length);
      }
      c.add(docs[i].record, a);
      if ((i + 1) % 20_000 === 0) log(`index ${fmtCount(n)}: ${fmtInt(i + 1)} documents`);
    }
    return msSince(start);
  });
  const finalCompactMs = timeMs(() => corpus?.index.compact());
  const after = memoryAfterGc();
  const index = corpus.index;
  log(`index ${fmtCount(n)}: built in ${fmtMs(built.value)}, final compaction ${fmtMs(finalCompactMs)}`);

  let bytes: Uint8Array = new Uint8Array(0);
  const writeMs = timeMs(() => {
    bytes = writeCorpus(corpus as MemoryCorpus, { includeRecords: false });
  });
  const fileNoTexts = bytes.length;
  const loadMs = timeMs(() => readCorpus(bytes));
  const writeTextsMs = timeMs(() => {
    bytes = writeCorpus(corpus as MemoryCorpus, { includeRecords: true });
  });
  const fileWithTexts = bytes.length;
  let loaded: MemoryCorpus | null = null;
  const loadTextsMs = timeMs(() => {
    loaded = readCorpus(bytes).corpus;
  });
  bytes = new Uint8Array(0);
  log(`index ${fmtCount(n)}: file ${fmtBytes(fileNoTexts)} without texts, ${fmtBytes(fileWithTexts)} with`);

  const candidates = summarize(latencies(pageAnalyses, (a) => index.candidates(a), pageAnalyses, CANDIDATE_REPEAT));
  const visited = countVisits(index, pageAnalyses);
  const found = pageAnalyses.map((a) => index.candidates(a));
  const perPage = found.map((cs) => cs.length);
  const singleHit = found.map((cs) => cs.filter((x) => x.fingerprintHits === 1).length);
  const rewordedOnly = found.map((cs) => cs.filter((x) => x.fingerprintHits === 0).length);
  log(`index ${fmtCount(n)}: candidates() p50 ${fmtMs(candidates.p50)} p95 ${fmtMs(candidates.p95)}`);

  const analyzePage = summarize(latencies(pages, (p) => analyze(p.text), warmup));
  const results = new Map<TestPage, ScanResult>();
  const c = corpus;
  const scan = summarize(latencies(pages, (p) => results.set(p, c.scan(p.text)), warmup));
  // The same scans on the corpus as loaded from its file (records as the file format stores them), as the
  // CLI and the extension use it: on fewer pages, since this can be much slower.
  const fromFile = loaded as MemoryCorpus | null;
  const scanLoaded = fromFile
    ? summarize(latencies(pages.slice(0, opts.loadedPages), (p) => fromFile.scan(p.text), warmup.slice(0, 5)))
    : null;
  loaded = null;
  if (scanLoaded) log(`index ${fmtCount(n)}: scan of the loaded file p50 ${fmtMs(scanLoaded.p50)} p95 ${fmtMs(scanLoaded.p95)}`);
  const tally = new RecallTally();
  const holds = (id: string, text: string): boolean => c.get(id)?.text.includes(text) ?? false;
  for (const p of pages) tally.add(p, results.get(p)!, holds);
  log(`index ${fmtCount(n)}: scan p50 ${fmtMs(scan.p50)} p95 ${fmtMs(scan.p95)}, recall ${fmtPct(tally.recall)}`);

  const sample = docs.slice(0, opts.dfSampleDocs).map((d) => analyze(d.record.text));
  const limit = index.dfLimit();
  const fingerprintDf = dfProfile(index.fingerprints, sample.map((a) => a.fingerprints), limit);
  const passageDf = dfProfile(index.passages, sample.map((a) => a.passageKeys), limit);
  const profile = (d: DfProfile): string =>
    `unique ${fmtPct(d.unique)}, shared ${fmtPct(d.shared)} (mean df ${d.sharedMeanDf.toFixed(1)}), boilerplate ${fmtPct(d.boilerplate)} (mean df ${d.boilerplateMeanDf.toFixed(0)})`;
  log(`index ${fmtCount(n)}: fingerprint postings ${profile(fingerprintDf)}; passage postings ${profile(passageDf)}; df limit ${limit}`);

  const whatIfRows = whatIf ? runWhatIf(corpus, pages, pageAnalyses, warmup, CANDIDATE_REPEAT, log) : undefined;

  const result: SizeResult = {
    docs: n,
    words,
    buildMs: built.value,
    analyzeMs,
    autoCompactMs: built.ms,
    autoCompactions: built.calls,
    finalCompactMs,
    indexBytes: totalBytes(after) - totalBytes(before),
    heapUsed: after.heapUsed,
    arrayBuffers: after.arrayBuffers,
    fingerprintPostings: index.fingerprints.size,
    passagePostings: index.passages.size,
    fileNoTexts,
    fileWithTexts,
    writeMs,
    loadMs,
    writeTextsMs,
    loadTextsMs,
    candidates,
    postingsVisited: mean(visited.map((v) => v.fingerprints + v.passages)),
    passagePostingsVisited: mean(visited.map((v) => v.passages)),
    candidatesPerPage: mean(perPage),
    singleHitCandidates: mean(singleHit),
    rewordedOnlyCandidates: mean(rewordedOnly),
    scan,
    scanLoaded,
    analyzePage,
    recall: tally.recall,
    recallPassages: tally.passages,
    recallCoverage: tally.meanCoverage,
    pages: pages.length,
    fingerprintCounts,
    passageKeyCounts,
    dfLimit: limit,
    fingerprintDf,
    passageDf,
    whatIf: whatIfRows,
  };
  corpus = null;
  memoryAfterGc();
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Tables

export const GOALS = {
  bytesPerDoc: 1024,
  growth: 2,
  candidatesP95At100k: 20,
};

export function buildTable(rs: SizeResult[]): Table {
  return {
    title: 'Index build and memory',
    columns: ['docs', 'words/doc', 'build (docs/s)', 'analyze share', 'auto-compactions', 'final compaction', 'index memory', 'per doc', 'heap used after build'],
    rows: rs.map((r) => [
      fmtCount(r.docs),
      fmtInt(r.words / r.docs),
      fmtRate(r.docs / (r.buildMs / 1000)),
      fmtPct(r.analyzeMs / r.buildMs, 0),
      `${r.autoCompactions} (${fmtMs(r.autoCompactMs)})`,
      fmtMs(r.finalCompactMs),
      fmtBytes(r.indexBytes),
      fmtBytes(r.indexBytes / r.docs),
      fmtBytes(r.heapUsed),
    ]),
    notes: [
      'Build: `corpus.add(record, analyze(text))` for every document, auto-compactions included (their count and ' +
        'total time shown); then one explicit `index.compact()` (final compaction). Index memory: heap + typed-array ' +
        'memory after `global.gc()`, minus the same before building (the texts already existed), so it is the ' +
        'postings, the per-document metadata and the id map. Heap used after build is the whole process ' +
        '(generated texts included).',
    ],
  };
}

export function sizeTable(rs: SizeResult[]): Table {
  return {
    title: 'Serialised corpus file (.wtc)',
    columns: ['docs', 'postings (fp + passage)', 'index only', 'per doc', 'per 1,000 words', 'write / load', 'with texts (deflated)', 'per doc', 'per 1,000 words', 'write / load'],
    rows: rs.map((r) => [
      fmtCount(r.docs),
      `${fmtInt(r.fingerprintPostings)} + ${fmtInt(r.passagePostings)}`,
      fmtBytes(r.fileNoTexts),
      `${fmtInt(r.fileNoTexts / r.docs)} B`,
      `${fmtInt((r.fileNoTexts / r.words) * 1000)} B`,
      `${fmtMs(r.writeMs)} / ${fmtMs(r.loadMs)}`,
      fmtBytes(r.fileWithTexts),
      `${fmtInt(r.fileWithTexts / r.docs)} B`,
      `${fmtInt((r.fileWithTexts / r.words) * 1000)} B`,
      `${fmtMs(r.writeTextsMs)} / ${fmtMs(r.loadTextsMs)}`,
    ]),
    notes: [
      'Index only: `writeCorpus(corpus, { includeRecords: false }).length`; with texts: `writeCorpus(corpus)` (records as ' +
        'deflated JSON Lines). Load: `readCorpus(bytes)`.',
    ],
  };
}

export function queryTable(rs: SizeResult[]): Table {
  return {
    title: 'Query latency and recall',
    columns: ['docs', 'candidates() p50', 'p95', 'postings walked/page (fp + passage)', 'candidates/page (1 fp hit; passage only)', 'scan p50', 'scan p95', 'of which analyze p50', 'scan p50 / p95, loaded .wtc', 'recall', 'passages'],
    rows: rs.map((r) => [
      fmtCount(r.docs),
      fmtMs(r.candidates.p50),
      fmtMs(r.candidates.p95),
      `${fmtInt(r.postingsVisited - r.passagePostingsVisited)} + ${fmtInt(r.passagePostingsVisited)}`,
      `${r.candidatesPerPage.toFixed(1)} (${r.singleHitCandidates.toFixed(1)}; ${r.rewordedOnlyCandidates.toFixed(1)})`,
      fmtMs(r.scan.p50),
      fmtMs(r.scan.p95),
      fmtMs(r.analyzePage.p50),
      r.scanLoaded ? `${fmtMs(r.scanLoaded.p50)} / ${fmtMs(r.scanLoaded.p95)}` : '–',
      fmtPct(r.recall),
      fmtInt(r.recallPassages),
    ]),
    notes: [
      `${rs[0]?.pages ?? 0} pages per size, each 400–700 words of generated text unrelated to the corpus with 1–3 passages ` +
        'of 1–4 consecutive sentences cut from random corpus documents. `candidates()` is timed on pre-analysed pages, ' +
        `each page's latency the median of ${CANDIDATE_REPEAT} runs (so that a pause of the machine is not taken for the page's ` +
        'latency). `scan(text)` is the whole check, run once per page: analysis of the page, candidates, analysis of ' +
        'uncached sources, alignment, attribution. Both after a warm-up on other pages. "Loaded .wtc": the same ' +
        `scan on the corpus read back with \`readCorpus\` from its file with texts, as the CLI uses it (first ${rs[0]?.scanLoaded?.n ?? 0} pages). ` +
        'Postings walked: the posting-list ' +
        'entries candidates() reads (counted by wrapping the tables\' forEach during one untimed pass).',
      'Recall: share of spliced passages of ≥12 words reported as verbatim, ≥80 % of their characters covered by spans ' +
        'whose source is the document the passage was cut from, lists it in `others`, or holds the text itself (an ' +
        'earlier document it was copied from).',
    ],
  };
}

/** Goal rows of the index benchmark (growth between the two largest sizes, size, latency at 100k). */
export function indexGoalRows(rs: SizeResult[]): string[][] {
  const rows: string[][] = [];
  const largest = rs[rs.length - 1];
  const worstBytes = Math.max(...rs.map((r) => r.fileNoTexts / r.docs));
  rows.push(['index file ≤ 1 KB per document (no texts)', `${fmtInt(worstBytes)} B (largest of all sizes)`, met(worstBytes <= GOALS.bytesPerDoc)]);
  if (rs.length >= 2) {
    const prev = rs[rs.length - 2];
    const label = `${fmtCount(prev.docs)}→${fmtCount(largest.docs)}`;
    const g50 = largest.candidates.p50 / prev.candidates.p50;
    const g95 = largest.candidates.p95 / prev.candidates.p95;
    rows.push([`candidates() latency growth ${label} ≤ ${GOALS.growth}×`, `p50 ${fmtRatio(g50)}, p95 ${fmtRatio(g95)}`, met(Math.max(g50, g95) <= GOALS.growth)]);
    rows.push([
      `scan() latency growth ${label} (no goal)`,
      `p50 ${fmtRatio(largest.scan.p50 / prev.scan.p50)}, p95 ${fmtRatio(largest.scan.p95 / prev.scan.p95)}`,
      '–',
    ]);
  }
  const at100k = rs.find((r) => r.docs === 100_000);
  if (at100k) {
    rows.push([
      `candidates() p95 ≤ ${GOALS.candidatesP95At100k} ms at 100k`,
      fmtMs(at100k.candidates.p95),
      met(at100k.candidates.p95 <= GOALS.candidatesP95At100k),
    ]);
  }
  for (const r of rs) rows.push([`recall of spliced passages at ${fmtCount(r.docs)} (no goal)`, fmtPct(r.recall), '–']);
  return rows;
}
