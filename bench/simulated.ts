/**
 * Benchmark 3: the index at 1,000,000 documents, simulated. No texts and no analysis: each document gets
 * synthetic fingerprint and passage-key arrays whose sizes follow the per-document counts measured on
 * real analyses (benchmark 2) and whose keys are shared between documents as the measured
 * document-frequency profile says. The tables are built the way a saved corpus is loaded
 * (`PostingTable.read` of the serialised block layout, postings left encoded), then `candidates()` is
 * timed and, last, `compact()` is attempted: the step that `add` (every 2^20 postings) and `writeCorpus` run.
 *
 * Runs in a child process (see run.ts): compacting a table this size may abort V8 outright, and that must
 * not take the rest of the benchmark with it.
 */
import { ByteReader, ByteWriter, CorpusIndex, MAX_ORDINAL, PostingTable, PostingTableEncoder } from '@wiretrace/engine';
import { Rng, subSeed } from './corpus-gen';
import { CANDIDATE_REPEAT, type DfProfile } from './index-scale';
import { countVisits } from './probe';
import { fmtBytes, fmtCount, fmtInt, fmtMs, fmtRatio, type Table } from './report';
import { latencies, memoryAfterGc, msSince, summarize, timeMs, totalBytes, type Summary } from './stats';

/** Largest JS array V8 can grow by push (its elements backing store stops at this capacity). */
export const V8_MAX_PUSHED_ARRAY = 112_813_858;

export interface ChannelModel {
  /** Per-document key counts to sample from (measured). */
  counts: number[];
  /** The measured profile and the corpus size it was measured at. */
  df: DfProfile;
  /** Exponent of the growth of the shared keys' mean df with corpus size (measured between two sizes). */
  dfGrowth: number;
}

export interface SimParams {
  docs: number;
  queries: number;
  seed: number;
  calibrationDocs: number;
  fingerprints: ChannelModel;
  passages: ChannelModel;
  /** Also attempt compact() after the measurements. */
  compact: boolean;
}

export interface SimMeasurement {
  docs: number;
  fingerprintPostings: number;
  fingerprintKeys: number;
  passagePostings: number;
  passageKeys: number;
  buildMs: number;
  /** Heap + typed arrays the index holds (after GC, temporaries dropped). */
  indexBytes: number;
  heapUsed: number;
  tableBytes: number;
  candidates: Summary;
  postingsVisited: number;
  candidatesPerPage: number;
  dfLimit: number;
}

export interface SimCompaction {
  fingerprintsMs: number;
  passagesMs: number;
  peakRss: number;
}

export interface SimOutcome {
  params: Omit<SimParams, 'fingerprints' | 'passages'>;
  measurement?: SimMeasurement;
  compaction?: SimCompaction;
  /** Set when the child died: exit code / signal and the end of its stderr. */
  failure?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Key model

/**
 * Draws a channel's keys. Each key is, with the measured shares, unique to its document (random 32-bit),
 * from a shared pool sized so that the posting-weighted document frequency of shared keys matches the
 * measured one (extrapolated with its measured growth), or from a fixed boilerplate pool whose frequency
 * grows with the corpus (above the df limit, ignored by queries).
 */
class KeyModel {
  private readonly sharedPool: number;
  private readonly boilerplatePool: number;
  readonly meanCount: number;

  constructor(
    private readonly m: ChannelModel,
    docs: number,
    calibrationDocs: number,
    private readonly salt: number,
  ) {
    this.meanCount = m.counts.reduce((a, b) => a + b, 0) / Math.max(1, m.counts.length);
    const postings = docs * this.meanCount;
    const df = 1 + Math.max(0, m.df.sharedMeanDf - 1) * Math.pow(docs / calibrationDocs, m.dfGrowth);
    // A uniform pool with λ keys per slot has posting-weighted mean df 1 + λ.
    this.sharedPool = Math.max(1, Math.round((m.df.shared * postings) / Math.max(1e-9, df - 1)));
    const boilerDf = m.df.boilerplateMeanDf * (docs / calibrationDocs);
    this.boilerplatePool = Math.max(1, Math.round((m.df.boilerplate * postings) / Math.max(1, boilerDf)));
  }

  count(rng: Rng): number {
    return this.m.counts[rng.int(this.m.counts.length)];
  }

  key(rng: Rng): number {
    const r = rng.next();
    if (r < this.m.df.boilerplate) return poolKey(this.salt ^ 0xb011e7, rng.int(this.boilerplatePool));
    if (r < this.m.df.boilerplate + this.m.df.shared) return poolKey(this.salt, rng.int(this.sharedPool));
    return rng.u32();
  }

  /** Sorted unique keys of one document (or page). */
  keys(rng: Rng, n: number = this.count(rng)): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.key(rng);
    return uniqueSorted(out);
  }
}

function poolKey(salt: number, i: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1) ^ 0x7f4a7c15;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function uniqueSorted(a: Uint32Array): Uint32Array {
  a.sort();
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[n - 1]) a[n++] = a[i];
  return a.subarray(0, n);
}

interface SimDoc {
  fingerprints: Uint32Array;
  passageKeys: Uint32Array;
}

/** Document `ord`'s keys: a pure function of the seed and `ord`, so pages can cut passages from it. */
function simDoc(fp: KeyModel, pk: KeyModel, seed: number, ord: number): SimDoc {
  const rng = new Rng(subSeed(seed, ord));
  return { fingerprints: fp.keys(rng), passageKeys: pk.keys(rng) };
}

/** Keys of every document of one channel, concatenated: document `ord` has keys[offsets[ord]..offsets[ord + 1]). */
interface FlatKeys {
  keys: Uint32Array;
  offsets: Uint32Array;
}

class FlatBuilder {
  keys: Uint32Array;
  offsets: Uint32Array;
  private n = 0;

  constructor(docs: number, expected: number) {
    this.keys = new Uint32Array(Math.ceil(expected * 1.1) + 1024);
    this.offsets = new Uint32Array(docs + 1);
  }

  push(ord: number, keys: Uint32Array): void {
    if (this.n + keys.length > this.keys.length) {
      const next = new Uint32Array(Math.ceil((this.n + keys.length) * 1.25));
      next.set(this.keys.subarray(0, this.n));
      this.keys = next;
    }
    this.keys.set(keys, this.n);
    this.n += keys.length;
    this.offsets[ord + 1] = this.n;
  }

  finish(): FlatKeys {
    return { keys: this.keys.subarray(0, this.n), offsets: this.offsets };
  }
}

/**
 * A posting table built like a loaded corpus file: (key, ordinal) pairs packed and sorted, written in the
 * serialised layout (PostingTableEncoder: varint blocks plus a block index) and read back with
 * PostingTable.read, which keeps the blocks encoded.
 */
function buildTable(flat: FlatKeys, log: (m: string) => void, label: string): { table: PostingTable; bytes: number; postings: number } {
  const docs = flat.offsets.length - 1;
  const total = flat.keys.length;
  const packed = new Float64Array(total);
  const scale = MAX_ORDINAL + 1;
  for (let ord = 0; ord < docs; ord++) {
    for (let i = flat.offsets[ord]; i < flat.offsets[ord + 1]; i++) packed[i] = flat.keys[i] * scale + ord;
  }
  log(`simulated ${fmtCount(docs)}: sorting ${fmtInt(total)} ${label} postings`);
  packed.sort();
  const enc = new PostingTableEncoder();
  for (let i = 0; i < total; i++) {
    const key = Math.floor(packed[i] / scale);
    enc.push(key, packed[i] - key * scale);
  }
  const w = new ByteWriter();
  enc.finish(w);
  const bytes = w.finish();
  return { table: PostingTable.read(new ByteReader(bytes)), bytes: bytes.length, postings: total };
}

// ---------------------------------------------------------------------------------------------------------
// The run (inside the child)

/** The simulated index; the flat key arrays it was built from are garbage once this returns. */
function buildIndex(p: SimParams, fp: KeyModel, pk: KeyModel, log: (m: string) => void): { index: CorpusIndex; fingerprintPostings: number; passagePostings: number; tableBytes: number } {
  const fpFlat = new FlatBuilder(p.docs, p.docs * fp.meanCount);
  const pkFlat = new FlatBuilder(p.docs, p.docs * pk.meanCount);
  for (let ord = 0; ord < p.docs; ord++) {
    const d = simDoc(fp, pk, p.seed, ord);
    fpFlat.push(ord, d.fingerprints);
    pkFlat.push(ord, d.passageKeys);
  }
  const index = new CorpusIndex();
  const fpTable = buildTable(fpFlat.finish(), log, 'fingerprint');
  index.fingerprints.replaceWith(fpTable.table);
  const pkTable = buildTable(pkFlat.finish(), log, 'passage');
  index.passages.replaceWith(pkTable.table);
  const day = 24 * 3600 * 1000;
  for (let ord = 0; ord < p.docs; ord++) index.restoreDoc({ id: `sim-${ord}`, published: Date.UTC(2023, 0, 1) + (ord % 1000) * day, words: 570 });
  return { index, fingerprintPostings: fpTable.postings, passagePostings: pkTable.postings, tableBytes: fpTable.bytes + pkTable.bytes };
}

export async function runSimulated(p: SimParams, send: (o: Partial<SimOutcome>) => Promise<void>, log: (m: string) => void): Promise<void> {
  const fp = new KeyModel(p.fingerprints, p.docs, p.calibrationDocs, 0x5eed0001);
  const pk = new KeyModel(p.passages, p.docs, p.calibrationDocs, 0x5eed0002);
  const before = memoryAfterGc();
  const start = process.hrtime.bigint();
  const { index, fingerprintPostings, passagePostings, tableBytes } = buildIndex(p, fp, pk, log);
  const buildMs = msSince(start);
  const after = memoryAfterGc();
  log(`simulated ${fmtCount(p.docs)}: built in ${fmtMs(buildMs)}, ${fmtBytes(totalBytes(after) - totalBytes(before))}`);

  // Pages: 1–3 passages (3–15 fingerprints and a few passage keys of a random document) in unrelated keys.
  const rng = new Rng(subSeed(p.seed, 0x9a9e5));
  const pages: SimDoc[] = [];
  for (let q = 0; q < p.queries; q++) {
    const page = { fingerprints: fp.keys(rng), passageKeys: pk.keys(rng) };
    const fps = Array.from(page.fingerprints);
    const pks = Array.from(page.passageKeys);
    for (let k = rng.range(1, 3); k > 0; k--) {
      const src = simDoc(fp, pk, p.seed, rng.int(p.docs));
      const take = rng.range(3, 15);
      const from = rng.int(Math.max(1, src.fingerprints.length - take));
      fps.splice(0, take, ...src.fingerprints.subarray(from, from + take));
      const takeP = Math.ceil(take / 2);
      const fromP = rng.int(Math.max(1, src.passageKeys.length - takeP));
      pks.splice(0, takeP, ...src.passageKeys.subarray(fromP, fromP + takeP));
    }
    pages.push({ fingerprints: uniqueSorted(Uint32Array.from(fps)), passageKeys: uniqueSorted(Uint32Array.from(pks)) });
  }
  const candidates = summarize(latencies(pages, (page) => index.candidates(page), pages, CANDIDATE_REPEAT));
  const limit = index.dfLimit();
  const visited = countVisits(index, pages).reduce((n, v) => n + v.fingerprints + v.passages, 0);
  const found = pages.reduce((n, page) => n + index.candidates(page).length, 0);
  log(`simulated ${fmtCount(p.docs)}: candidates() p50 ${fmtMs(candidates.p50)} p95 ${fmtMs(candidates.p95)}`);
  await send({
    measurement: {
      docs: p.docs,
      fingerprintPostings,
      fingerprintKeys: index.fingerprints.baseKeyCount,
      passagePostings,
      passageKeys: index.passages.baseKeyCount,
      buildMs,
      indexBytes: totalBytes(after) - totalBytes(before),
      heapUsed: after.heapUsed,
      tableBytes,
      candidates,
      postingsVisited: visited / pages.length,
      candidatesPerPage: found / pages.length,
      dfLimit: limit,
    },
  });

  if (!p.compact) return;
  log(`simulated ${fmtCount(p.docs)}: compacting (${fmtInt(index.fingerprints.baseKeyCount)} fingerprint keys)`);
  const fingerprintsMs = timeMs(() => index.fingerprints.compact(index.isLive));
  const passagesMs = timeMs(() => index.passages.compact(index.isLive));
  await send({ compaction: { fingerprintsMs, passagesMs, peakRss: process.resourceUsage().maxRSS * 1024 } });
}

// ---------------------------------------------------------------------------------------------------------
// Tables

export function simulatedTable(outcomes: SimOutcome[], realLargest: { docs: number; indexBytes: number; candidates: Summary; postingsVisited: number } | null): Table {
  const rows: string[][] = [];
  for (const o of outcomes) {
    const m = o.measurement;
    if (!m) {
      rows.push([fmtCount(o.params.docs), 'failed', '', '', '', '', '', '', '', '']);
      continue;
    }
    const compaction = o.compaction
      ? `${fmtMs(o.compaction.fingerprintsMs + o.compaction.passagesMs)} (peak RSS ${fmtBytes(o.compaction.peakRss)})`
      : o.failure
        ? `**aborted**: ${o.failure.split('\n')[0]}`
        : 'not attempted';
    rows.push([
      fmtCount(m.docs),
      `${fmtInt(m.fingerprintPostings)} / ${fmtInt(m.fingerprintKeys)}`,
      `${fmtInt(m.passagePostings)} / ${fmtInt(m.passageKeys)}`,
      fmtMs(m.buildMs),
      fmtBytes(m.indexBytes),
      `${fmtInt(m.tableBytes / m.docs)} B`,
      fmtMs(m.candidates.p50),
      fmtMs(m.candidates.p95),
      fmtInt(m.postingsVisited),
      compaction,
    ]);
  }
  const notes = [
    'Synthetic key arrays, no texts: per-document counts sampled from the real analyses of benchmark 2, keys unique, ' +
      'shared or boilerplate in the measured proportions (shared keys\' document frequency extrapolated with its measured ' +
      'growth). Tables built as a corpus file loads them (`PostingTable.read`), with 500 pages of 1–3 spliced passages ' +
      'queried through `CorpusIndex.candidates()` after a warm-up. "Postings / keys": postings and distinct keys per ' +
      'table. Index file: the two posting tables serialised, per document.',
  ];
  if (realLargest) {
    const sim = outcomes.find((o) => o.params.docs === realLargest.docs)?.measurement;
    if (sim) {
      notes.push(
        `Calibration: at ${fmtCount(realLargest.docs)} the simulation gives candidates() p95 ${fmtMs(sim.candidates.p95)} ` +
          `(real ${fmtMs(realLargest.candidates.p95)}), ${fmtInt(sim.postingsVisited)} postings walked per page ` +
          `(real ${fmtInt(realLargest.postingsVisited)}), index memory ${fmtBytes(sim.indexBytes)} (real ${fmtBytes(realLargest.indexBytes)}, ` +
          `${fmtRatio(realLargest.indexBytes / sim.indexBytes)}: the real one also holds the delta maps and id strings).`,
      );
    }
  }
  return {
    title: 'Simulated corpus (no texts)',
    columns: ['docs', 'fingerprint postings / keys', 'passage postings / keys', 'build (load path)', 'index memory', 'index file per doc', 'candidates() p50', 'p95', 'postings walked/page', 'compact()'],
    rows,
    notes,
  };
}
