/**
 * Deterministic synthetic news corpus for the benchmarks, built from the real sentences of the AEB
 * ground-truth article bodies.
 *
 * The AEB bodies hold only ~6k usable sentences. Sampled as they are, each would appear in ~400 of 100k
 * generated articles: every page would then share most of its sentences with hundreds of documents, the
 * "unrelated" filler of a test page would not be unrelated, and both the posting lists and the recall
 * would measure that artefact instead of the index. So a sampled sentence keeps its real wording
 * skeleton (function words, punctuation, length, quotes) but most of its content words are replaced by
 * content words drawn, by frequency, from the same bodies. A small share of sentences stays verbatim
 * (widely quoted lines, recurring phrases), and some articles copy passages of an earlier one (wire
 * copy): shared text between documents does occur, at a rate that does not grow with the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isContentWord, countWords, type CorpusRecord } from '@wiretrace/engine';

// ---------------------------------------------------------------------------------------------------------
// PRNG

/** sfc32: small, fast, seedable, good enough for sampling. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** A seed derived from a base seed and a stream number (so that streams are independent). */
export function subSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------
// Source sentences

/** A source sentence cut into words and the text between them, ready for word substitution. */
export interface PoolSentence {
  text: string;
  /** Text between words: gaps[0] before the first word, gaps[i] after word i − 1. */
  gaps: string[];
  words: string[];
  /** Per word: 1 when it is a content word (a candidate for substitution). */
  content: Uint8Array;
  /** Content-word vocabulary to draw replacements from (same language as the sentence). */
  vocab: string[];
}

export interface SentencePool {
  /** Where the sentences came from. */
  source: string;
  articles: number;
  englishArticles: number;
  sentences: PoolSentence[];
}

const GROUND_TRUTH_CANDIDATES = ['test/fixtures/aeb/ground-truth.json', '../shared/data/aeb/ground-truth.json'];

/** The AEB ground truth: the repository copy, else the shared data folder next to the repository. */
export function findGroundTruth(root: string = process.cwd()): string {
  for (const rel of GROUND_TRUTH_CANDIDATES) {
    const p = path.resolve(root, rel);
    if (existsSync(p)) return p;
  }
  throw new Error(`AEB ground truth not found (looked for ${GROUND_TRUTH_CANDIDATES.join(', ')} under ${root})`);
}

/** Sentence ends: terminal punctuation (and closing quotes) followed by space and a sentence start. */
const SENTENCE_SPLIT_RE = /(?<=[.!?…]["'”’)]?)\s+(?=["“‘(]?[\p{Lu}\p{N}])/u;
const WORD_RE = /\p{L}+(?:['’]\p{L}+)*/gu;
const MIN_SENTENCE_WORDS = 6;
const MAX_SENTENCE_WORDS = 60;
/** Lines that are page furniture rather than prose. */
const JUNK_RE = /^(advertisement|read more|related|photo|image|credit|copyright|sign up|subscribe)\b/i;
/** An article is English when this share of its words are among a few very common English words. */
const ENGLISH_MARKERS = new Set(['the', 'and', 'of', 'to', 'a', 'in', 'is', 'that', 'for', 'it']);
const ENGLISH_SHARE = 0.12;

function isContent(lower: string): boolean {
  return lower.length >= 3 && isContentWord(lower);
}

function cut(text: string, vocab: string[]): PoolSentence {
  const gaps: string[] = [];
  const words: string[] = [];
  const flags: number[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD_RE)) {
    gaps.push(text.slice(last, m.index));
    words.push(m[0]);
    flags.push(isContent(m[0].toLowerCase()) ? 1 : 0);
    last = m.index + m[0].length;
  }
  gaps.push(text.slice(last));
  return { text, gaps, words, content: Uint8Array.from(flags), vocab };
}

export function loadSentencePool(file: string = findGroundTruth()): SentencePool {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { articleBody?: string }>;
  const seen = new Set<string>();
  const english: string[] = [];
  const perArticle: Array<{ texts: string[]; vocab: string[]; english: boolean }> = [];
  for (const entry of Object.values(data)) {
    const body = entry.articleBody ?? '';
    if (!body) continue;
    const texts: string[] = [];
    const vocab: string[] = [];
    let markers = 0;
    let total = 0;
    for (const para of body.split(/\n+/)) {
      for (const raw of para.trim().split(SENTENCE_SPLIT_RE)) {
        const s = raw.trim().replace(/\s+/g, ' ');
        if (!s || s.endsWith('...') || JUNK_RE.test(s) || !/[.!?…]["'”’)]?$/.test(s)) continue;
        const words = s.match(WORD_RE) ?? [];
        if (words.length < MIN_SENTENCE_WORDS || words.length > MAX_SENTENCE_WORDS || seen.has(s)) continue;
        seen.add(s);
        texts.push(s);
        for (const w of words) {
          const lower = w.toLowerCase();
          total++;
          if (ENGLISH_MARKERS.has(lower)) markers++;
          if (isContent(lower)) vocab.push(lower);
        }
      }
    }
    const isEnglish = total > 0 && markers / total >= ENGLISH_SHARE;
    if (isEnglish) english.push(...vocab);
    perArticle.push({ texts, vocab, english: isEnglish });
  }
  const sentences: PoolSentence[] = [];
  for (const a of perArticle) for (const t of a.texts) sentences.push(cut(t, a.english ? english : a.vocab));
  return {
    source: file,
    articles: perArticle.length,
    englishArticles: perArticle.filter((a) => a.english).length,
    sentences,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Generator

export interface GeneratorOptions {
  seed: number;
  /** Share of sentences taken verbatim from the AEB pool (the rest get content words replaced). */
  verbatimRate: number;
  /** Probability that a content word of a non-verbatim sentence is replaced. */
  substituteRate: number;
  /** Share of articles that copy 1–2 passages from an earlier article. */
  copyRate: number;
  minWords: number;
  maxWords: number;
}

export const DEFAULT_GENERATOR: GeneratorOptions = {
  seed: 20240607,
  verbatimRate: 0.03,
  substituteRate: 0.8,
  copyRate: 0.1,
  minWords: 400,
  maxWords: 700,
};

/** A generated article and where its sentences are (for cutting passages out of it). */
export interface GeneratedDoc {
  record: CorpusRecord;
  /** UTF-16 offsets of each sentence: [starts[i], ends[i]). */
  starts: Uint32Array;
  ends: Uint32Array;
  words: number;
}

const OUTLET_A = ['Daily', 'Evening', 'Morning', 'National', 'Northern', 'Coastal', 'Capital', 'Valley', 'Metro', 'Union'];
const OUTLET_B = ['Ledger', 'Herald', 'Courier', 'Tribune', 'Gazette', 'Dispatch', 'Post', 'Observer', 'Record', 'Wire'];
const EPOCH = Date.UTC(2023, 0, 1);
const SPAN_MS = 3 * 365 * 24 * 3600 * 1000;

function matchCase(replacement: string, original: string): string {
  const c = original.charAt(0);
  if (c !== c.toUpperCase() || c === c.toLowerCase()) return replacement;
  if (original.length > 1 && original === original.toUpperCase()) return replacement.toUpperCase();
  return replacement.charAt(0).toUpperCase() + replacement.slice(1);
}

function quickWords(s: string): number {
  let n = 0;
  WORD_RE.lastIndex = 0;
  while (WORD_RE.exec(s)) n++;
  return n;
}

/** A generated sentence and its word count. */
export interface Sentence {
  text: string;
  words: number;
}

/** Sentences for the generator: real skeletons with most content words replaced, or verbatim. */
export class SentenceSource {
  constructor(
    private readonly pool: SentencePool,
    private readonly opts: GeneratorOptions,
  ) {}

  sentence(rng: Rng): Sentence {
    const base = rng.pick(this.pool.sentences);
    const words = base.words.length;
    if (rng.chance(this.opts.verbatimRate) || base.vocab.length === 0) return { text: base.text, words };
    const rate = this.opts.substituteRate;
    const parts: string[] = [base.gaps[0]];
    for (let i = 0; i < words; i++) {
      const w = base.words[i];
      parts.push(base.content[i] && rng.chance(rate) ? matchCase(rng.pick(base.vocab), w) : w, base.gaps[i + 1]);
    }
    return { text: parts.join(''), words };
  }
}

/** Joins sentences into paragraphs of 1–4 sentences and records each sentence's offsets. */
function assemble(rng: Rng, pieces: Sentence[]): { text: string; starts: Uint32Array; ends: Uint32Array } {
  const starts = new Uint32Array(pieces.length);
  const ends = new Uint32Array(pieces.length);
  const parts: string[] = [];
  let length = 0;
  let inPara = 0;
  let paraLen = rng.range(1, 4);
  pieces.forEach((p, i) => {
    if (i > 0) {
      const sep = inPara >= paraLen ? '\n\n' : ' ';
      if (sep !== ' ') {
        inPara = 0;
        paraLen = rng.range(1, 4);
      }
      parts.push(sep);
      length += sep.length;
    }
    starts[i] = length;
    parts.push(p.text);
    length += p.text.length;
    ends[i] = length;
    inPara++;
  });
  // join() gives a flat string: memory measured before and after indexing then sees the same texts.
  return { text: parts.join(''), starts, ends };
}

export class CorpusGenerator {
  readonly docs: GeneratedDoc[] = [];
  private readonly source: SentenceSource;

  constructor(
    readonly pool: SentencePool,
    readonly opts: GeneratorOptions = DEFAULT_GENERATOR,
  ) {
    this.source = new SentenceSource(pool, opts);
  }

  /** Sentences of an existing doc [from, to) as strings. */
  sentencesOf(doc: GeneratedDoc, from: number, to: number): string[] {
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(doc.record.text.slice(doc.starts[i], doc.ends[i]));
    return out;
  }

  /** Generate the next article (its number is the current corpus size). */
  private generateOne(): GeneratedDoc {
    const i = this.docs.length;
    const rng = new Rng(subSeed(this.opts.seed, i));
    const target = rng.range(this.opts.minWords, this.opts.maxWords);
    const pieces: Sentence[] = [];
    let words = 0;
    const copies: string[][] = [];
    if (i > 0 && rng.chance(this.opts.copyRate)) {
      const n = rng.range(1, 2);
      for (let c = 0; c < n; c++) {
        const from = this.docs[rng.int(i)];
        const len = Math.min(from.starts.length, rng.range(1, 4));
        const at = rng.int(from.starts.length - len + 1);
        copies.push(this.sentencesOf(from, at, at + len));
      }
    }
    const copyAt = copies.map(() => rng.int(target));
    while (words < target) {
      const k = copyAt.findIndex((w) => w >= 0 && w <= words);
      if (k >= 0) {
        copyAt[k] = -1;
        for (const s of copies[k]) {
          const n = quickWords(s);
          pieces.push({ text: s, words: n });
          words += n;
        }
        continue;
      }
      const s = this.source.sentence(rng);
      pieces.push(s);
      words += s.words;
    }
    const { text, starts, ends } = assemble(rng, pieces);
    const titleWords = this.source.sentence(rng).text.replace(/[.!?…"“”]+/g, '').split(' ');
    const outlet = `${rng.pick(OUTLET_A)} ${rng.pick(OUTLET_B)}`;
    const published = new Date(EPOCH + Math.floor((SPAN_MS * (i + rng.next())) / 1_000_000)).toISOString();
    const id = `gen-${i}`;
    return {
      record: {
        id,
        title: titleWords.slice(0, rng.range(6, 12)).join(' '),
        outlet,
        url: `https://${outlet.toLowerCase().replace(' ', '')}.example/news/${i}`,
        published,
        text,
      },
      starts,
      ends,
      words,
    };
  }

  /** Grow the corpus to `n` documents (deterministic: document i only depends on the seed and documents < i). */
  generate(n: number): GeneratedDoc[] {
    while (this.docs.length < n) this.docs.push(this.generateOne());
    return this.docs.slice(0, n);
  }

  /** Filler text unrelated to the corpus (other random stream), about `words` words. */
  filler(rng: Rng, words: number): string[] {
    const out: string[] = [];
    let w = 0;
    while (w < words) {
      const s = this.source.sentence(rng);
      out.push(s.text);
      w += s.words;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Test pages

export interface Splice {
  /** Corpus document the passage was cut from. */
  sourceId: string;
  /** The passage text (a substring of the source's text). */
  text: string;
  /** UTF-16 offsets of the passage in the page. */
  start: number;
  end: number;
  /** Word count as the engine counts words. */
  words: number;
}

export interface TestPage {
  id: string;
  text: string;
  splices: Splice[];
}

/**
 * Pages of 400–700 words of unrelated generated text with 1–3 passages of 1–4 consecutive sentences cut
 * from random documents among the first `corpusSize`, each spliced in as its own paragraph or inside one.
 */
export function generatePages(gen: CorpusGenerator, corpusSize: number, count: number, seed: number): TestPage[] {
  const docs = gen.docs;
  if (docs.length < corpusSize) throw new Error('generate the corpus before its pages');
  const pages: TestPage[] = [];
  for (let p = 0; p < count; p++) {
    const rng = new Rng(subSeed(seed, p));
    const passages: Array<{ sourceId: string; text: string }> = [];
    const n = rng.range(1, 3);
    for (let k = 0; k < n; k++) {
      const doc = docs[rng.int(corpusSize)];
      const len = Math.min(doc.starts.length, rng.range(1, 4));
      const at = rng.int(doc.starts.length - len + 1);
      passages.push({ sourceId: doc.record.id, text: doc.record.text.slice(doc.starts[at], doc.ends[at + len - 1]) });
    }
    const filler = gen.filler(rng, rng.range(gen.opts.minWords, gen.opts.maxWords));
    // Insertion points, in filler-sentence order (distinct so that two passages are never adjacent).
    const slots = new Set<number>();
    while (slots.size < passages.length) slots.add(rng.int(filler.length + 1));
    const order = [...slots].sort((a, b) => a - b);
    let text = '';
    const splices: Splice[] = [];
    const sep = (): string => (text.length === 0 ? '' : rng.chance(0.5) ? '\n\n' : ' ');
    for (let i = 0; i <= filler.length; i++) {
      const slot = order.indexOf(i);
      if (slot >= 0) {
        const ps = passages[slot];
        text += sep();
        const start = text.length;
        text += ps.text;
        splices.push({ sourceId: ps.sourceId, text: ps.text, start, end: text.length, words: countWords(ps.text) });
      }
      if (i < filler.length) {
        text += sep();
        text += filler[i];
      }
    }
    pages.push({ id: `page-${p}`, text, splices });
  }
  return pages;
}
