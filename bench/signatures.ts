/**
 * Benchmark 1: MinHash signatures, ours (one-permutation hashing over 32-bit shingle hashes) against the
 * `minhash` npm package (128 hash functions applied to each shingle string), on the same shingle sets.
 */
import { Minhash } from 'minhash';
import { hashString, estimateJaccard, minhashSignature, SHINGLE_WORDS, shingleHashes, tokenize } from '@wiretrace/engine';
import { Rng, subSeed, type GeneratedDoc } from './corpus-gen';
import { fmtInt, fmtRatio, fmtRate, met, type Table } from './report';
import { mean, median, msSince, summarize } from './stats';

export const NUM_PERM = 128;

export interface SignatureOptions {
  /** Articles whose shingle sets are signed (both implementations sign the same sets). */
  docs: number;
  /** Timed passes for the package (slow) and for ours (fast); the median pass is reported. */
  packagePasses: number;
  ownPasses: number;
  /** Pairs for the accuracy measurement. */
  pairs: number;
  seed: number;
}

export interface SignatureResult {
  shingles: number;
  docs: number;
  ownPerSec: number;
  packagePerSec: number;
  ratio: number;
  pairs: number;
  ownMae: number;
  packageMae: number;
  ownP95: number;
  packageP95: number;
  ownBias: number;
  packageBias: number;
  jaccardRange: [number, number];
}

interface ShingleSet {
  strings: string[];
  hashes: Uint32Array;
}

/** 5-word shingles of a word list, as strings (for the package) and as our 32-bit hashes. */
function shinglesOf(words: readonly string[], wordHashes: Uint32Array): ShingleSet {
  const strings: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) strings.push(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return { strings, hashes: shingleHashes(wordHashes) };
}

function packageSignature(strings: readonly string[]): Minhash {
  const m = new Minhash({ numPerm: NUM_PERM });
  for (const s of strings) m.update(s);
  return m;
}

function exactJaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  const union = sa.size + sb.size - inter;
  return union === 0 ? 0 : inter / union;
}

/** Shingles per second of `sign` over all sets, median over `passes` timed passes (after one warm-up). */
function throughput(sets: ShingleSet[], passes: number, sign: (s: ShingleSet) => unknown): number {
  const total = sets.reduce((n, s) => n + s.hashes.length, 0);
  for (const s of sets.slice(0, Math.max(1, sets.length >> 2))) sign(s);
  const rates: number[] = [];
  for (let p = 0; p < passes; p++) {
    const start = process.hrtime.bigint();
    for (const s of sets) sign(s);
    rates.push(total / (msSince(start) / 1000));
  }
  return median(rates);
}

/**
 * Pairs of varied similarity: a document and a copy with a share of its words replaced; the share is set
 * so that the expected shingle Jaccard is uniform in [0, 1] (s = 2J / (1 + J) shingles survive).
 */
function makePairs(docs: GeneratedDoc[], count: number, seed: number): Array<[string[], string[]]> {
  const rng = new Rng(seed);
  const vocab: string[] = [];
  for (const d of docs.slice(0, 50)) vocab.push(...tokenize(d.record.text).words);
  const pairs: Array<[string[], string[]]> = [];
  for (let i = 0; i < count; i++) {
    const words = tokenize(rng.pick(docs).record.text).words;
    const target = rng.next();
    const survive = (2 * target) / (1 + target);
    const replace = 1 - Math.pow(survive, 1 / SHINGLE_WORDS);
    const copy = words.map((w) => (rng.chance(replace) ? rng.pick(vocab) : w));
    pairs.push([words, copy]);
  }
  return pairs;
}

function hashWords(words: readonly string[]): Uint32Array {
  const out = new Uint32Array(words.length);
  for (let i = 0; i < words.length; i++) out[i] = hashString(words[i]);
  return out;
}

export function runSignatures(docs: GeneratedDoc[], opts: SignatureOptions, log: (msg: string) => void): SignatureResult {
  const sample = docs.slice(0, opts.docs);
  const sets = sample.map((d) => {
    const t = tokenize(d.record.text);
    return shinglesOf(t.words, t.hashes);
  });
  const shingles = sets.reduce((n, s) => n + s.hashes.length, 0);
  log(`signatures: ${fmtInt(shingles)} shingles in ${sample.length} articles`);
  const ownPerSec = throughput(sets, opts.ownPasses, (s) => minhashSignature(s.hashes, NUM_PERM));
  log(`signatures: ours ${fmtRate(ownPerSec)} shingles/s`);
  const packagePerSec = throughput(sets, opts.packagePasses, (s) => packageSignature(s.strings));
  log(`signatures: package ${fmtRate(packagePerSec)} shingles/s`);

  const pairs = makePairs(docs, opts.pairs, subSeed(opts.seed, 1));
  const ownErr: number[] = [];
  const pkgErr: number[] = [];
  const truth: number[] = [];
  for (const [a, b] of pairs) {
    const sa = shinglesOf(a, hashWords(a));
    const sb = shinglesOf(b, hashWords(b));
    const j = exactJaccard(sa.strings, sb.strings);
    truth.push(j);
    ownErr.push(estimateJaccard(minhashSignature(sa.hashes, NUM_PERM), minhashSignature(sb.hashes, NUM_PERM)) - j);
    pkgErr.push(packageSignature(sa.strings).jaccard(packageSignature(sb.strings)) - j);
  }
  const abs = (xs: number[]): number[] => xs.map(Math.abs);
  const t = summarize(truth);
  return {
    shingles,
    docs: sample.length,
    ownPerSec,
    packagePerSec,
    ratio: ownPerSec / packagePerSec,
    pairs: pairs.length,
    ownMae: mean(abs(ownErr)),
    packageMae: mean(abs(pkgErr)),
    ownP95: summarize(abs(ownErr)).p95,
    packageP95: summarize(abs(pkgErr)).p95,
    ownBias: mean(ownErr),
    packageBias: mean(pkgErr),
    jaccardRange: [t.min, t.max],
  };
}

export const SIGNATURE_SPEED_GOAL = 50;

export function signatureGoalRow(r: SignatureResult): string[] {
  return [`signatures ≥ ${SIGNATURE_SPEED_GOAL}× faster than the \`minhash\` package`, fmtRatio(r.ratio), met(r.ratio >= SIGNATURE_SPEED_GOAL)];
}

export function signatureTable(r: SignatureResult, opts: SignatureOptions): Table {
  const f3 = (v: number): string => v.toFixed(3);
  const signed = (v: number): string => (v >= 0 ? '+' : '') + v.toFixed(3);
  const perDoc = r.shingles / r.docs;
  return {
    title: 'MinHash signatures (128 permutations)',
    columns: ['implementation:', 'shingles/s', 'µs per article', 'MAE vs exact Jaccard', 'p95 abs error', 'mean signed error'],
    rows: [
      [
        '`minhashSignature` (ours: one-permutation hashing, 32-bit shingle hashes)',
        fmtRate(r.ownPerSec),
        ((perDoc / r.ownPerSec) * 1e6).toFixed(1),
        f3(r.ownMae),
        f3(r.ownP95),
        signed(r.ownBias),
      ],
      [
        '`minhash` 0.0.9 (`new Minhash({numPerm:128})`, `update(str)` per shingle)',
        fmtRate(r.packagePerSec),
        fmtInt((perDoc / r.packagePerSec) * 1e6),
        f3(r.packageMae),
        f3(r.packageP95),
        signed(r.packageBias),
      ],
      ['**ratio (ours / package)**', `**${fmtRatio(r.ratio)}**`, '', '', '', ''],
    ],
    notes: [
      `Same ${fmtInt(r.shingles)} five-word shingles of ${r.docs} generated articles (${fmtInt(perDoc)} per article) for both (strings for the package, ` +
        `our 32-bit hashes for ours; tokenising and shingling are not timed). Median of ${opts.ownPasses} passes for ours, ` +
        `${opts.packagePasses} for the package, after a warm-up. The package's time includes its constructor (one per article).`,
      `Accuracy: ${r.pairs} pairs (an article and a copy with a share of its words replaced, exact shingle Jaccard ` +
        `${r.jaccardRange[0].toFixed(2)}–${r.jaccardRange[1].toFixed(2)}, spread evenly).`,
    ],
  };
}
