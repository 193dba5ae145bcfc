/**
 * The corpus index: two inverted posting tables over document ordinals.
 *
 * - Verbatim channel: winnowed 5-word-shingle fingerprints. Any shared run of 12+ words shares at least
 *   one fingerprint, whatever the two documents' lengths: containment, not whole-document similarity.
 * - Reworded channel: MinHash-LSH band keys of each sentence's content-stem set, so that a rewrite that
 *   keeps the content words but changes the wording still makes its source a candidate.
 *
 * Boilerplate is suppressed by document frequency: a key posted by more than `dfLimit()` documents (a
 * byline line, "All rights reserved") is ignored at query time, so it can neither make a document a
 * candidate nor, through `isBoilerplate`, be aligned as a match.
 */
import type { Analysis } from './analysis';
import { PostingTable } from './posting-table';

/** Per-document metadata kept in the index (the text lives in the corpus store). */
export interface IndexedDoc {
  id: string;
  /** Publication time in ms since the epoch, or null. */
  published: number | null;
  /** Token count of the text. */
  words: number;
}

export interface Candidate {
  ord: number;
  /** Distinct verbatim fingerprints shared with the page. */
  fingerprintHits: number;
  /** Distinct passage band keys shared with the page. */
  passageHits: number;
  /**
   * Rarity-weighted verbatim evidence: the sum of 1 / document frequency over the shared fingerprints.
   * A fingerprint that only this document shares with the page says more than one shared by fifty.
   */
  score: number;
}

/**
 * Document-frequency limit: a key posted by more documents than this is boilerplate. At least
 * DF_MIN_DOCS, so a quote that a handful of outlets ran is never suppressed in a small corpus, and
 * DF_FRACTION of the corpus beyond that.
 */
export const DF_MIN_DOCS = 10;
export const DF_FRACTION = 0.01;
/** Highest document frequency of a usable passage key (see passageDfLimit). */
export const PASSAGE_DF_MAX = 100;

/**
 * Postings read per key at query time. At most MAX_VERBATIM_CANDIDATES documents are aligned anyway, so
 * reading all 1,000 documents of a key shared by 1% of a 100k corpus buys nothing but time: the query
 * reads the first 64 (the earliest imported) and relies on the page's other, rarer keys to rank the rest.
 * This bounds the work per page by the page's length, not the corpus size.
 */
export const MAX_POSTINGS_PER_KEY = 64;

/** Most verbatim candidates aligned per page (ranked by shared fingerprints). */
export const MAX_VERBATIM_CANDIDATES = 40;
/** Most reworded-only candidates aligned per page (ranked by shared passage keys). */
export const MAX_REWORDED_CANDIDATES = 10;
/**
 * Of those, most that share a single passage key. In a large corpus a few unrelated sentences collide
 * on one band by chance (that is the S-curve's tail); a rewritten article shares several keys. Keeping a
 * few single-key candidates still finds a lone reworded sentence when it is among the best.
 */
export const MAX_SINGLE_HIT_REWORDED_CANDIDATES = 3;

export class CorpusIndex {
  private docs: Array<IndexedDoc | null> = [];
  /** Ordinal by id; null until first needed after `restoreDocs` (see `ids`). */
  private byId: Map<string, number> | null = new Map<string, number>();
  private live = 0;
  readonly fingerprints = new PostingTable();
  readonly passages = new PostingTable();

  /** Number of documents in the index. */
  get size(): number {
    return this.live;
  }

  /** Number of ordinals ever assigned (removed ones included). */
  get ordinalCount(): number {
    return this.docs.length;
  }

  /**
   * The id → ordinal map, built on first use after `restoreDocs`: loading an index snapshot does not pay
   * for 100k map insertions (≈ 25 ms warm, several times that in a just-started worker) that only
   * imports and removals need — scans look documents up by ordinal.
   */
  private get ids(): Map<string, number> {
    if (this.byId) return this.byId;
    const byId = new Map<string, number>();
    for (let ord = 0; ord < this.docs.length; ord++) {
      const doc = this.docs[ord];
      if (doc) byId.set(doc.id, ord);
    }
    this.byId = byId;
    return byId;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  ordinalOf(id: string): number | undefined {
    return this.ids.get(id);
  }

  doc(ord: number): IndexedDoc | null {
    return this.docs[ord] ?? null;
  }

  isLive = (ord: number): boolean => this.docs[ord] != null;

  /** Adds a document and returns its ordinal. Throws if the id is already indexed. */
  add(id: string, published: number | null, analysis: Pick<Analysis, 'fingerprints' | 'passageKeys' | 'tokens'>): number {
    if (this.ids.has(id)) throw new Error(`document "${id}" is already in the index`);
    const ord = this.docs.length;
    this.docs.push({ id, published, words: analysis.tokens.length });
    this.ids.set(id, ord);
    this.live++;
    this.fingerprints.add(ord, analysis.fingerprints);
    this.passages.add(ord, analysis.passageKeys);
    return ord;
  }

  /** Restores a document slot when loading a serialised index (postings are loaded separately). */
  restoreDoc(doc: IndexedDoc | null): number {
    const ord = this.docs.length;
    this.docs.push(doc);
    if (doc) {
      this.ids.set(doc.id, ord);
      this.live++;
    }
    return ord;
  }

  /**
   * Restores every document slot at once when loading a serialised index (into an empty index): takes
   * over `docs` (ordinal → document or null) as it is.
   */
  restoreDocs(docs: Array<IndexedDoc | null>): void {
    if (this.docs.length > 0) throw new Error('restoreDocs needs an empty index');
    let live = 0;
    for (let ord = 0; ord < docs.length; ord++) if (docs[ord]) live++;
    this.docs = docs;
    this.live = live;
    this.byId = null;
  }

  /** Removes a document; its postings are ignored from now on and dropped at the next compaction. */
  remove(id: string): boolean {
    const ord = this.ids.get(id);
    if (ord === undefined) return false;
    this.ids.delete(id);
    this.docs[ord] = null;
    this.live--;
    return true;
  }

  compact(): void {
    this.fingerprints.compact(this.isLive);
    this.passages.compact(this.isLive);
  }

  dfLimit(): number {
    return Math.max(DF_MIN_DOCS, Math.ceil(DF_FRACTION * this.live));
  }

  /** True when a fingerprint is so common in the corpus that it is boilerplate. */
  isBoilerplate(fingerprint: number): boolean {
    return this.fingerprints.count(fingerprint) > this.dfLimit();
  }

  /** True when a passage band key is so common in the corpus that it is boilerplate. */
  isBoilerplatePassage(key: number): boolean {
    return this.passages.count(key) > this.passageDfLimit();
  }

  /**
   * Passage keys get a lower ceiling than fingerprints: a band key (two content stems of one sentence)
   * posted by more than PASSAGE_DF_MAX documents is a topical pair ("trump … tariff"), not evidence of a
   * rewrite — a rewritten article shares several rarer keys. Fingerprints keep the corpus-share limit, so
   * a wire story that a hundred papers in the corpus ran is still a match.
   */
  passageDfLimit(): number {
    return Math.min(this.dfLimit(), Math.max(DF_MIN_DOCS, PASSAGE_DF_MAX));
  }

  /**
   * Candidate sources for a page: documents sharing at least one non-boilerplate fingerprint (ranked by
   * how many), then documents sharing only passage keys (ranked by how many).
   */
  candidates(
    page: Pick<Analysis, 'fingerprints' | 'passageKeys'>,
    opts: { maxVerbatim?: number; maxReworded?: number } = {},
  ): Candidate[] {
    const limit = this.dfLimit();
    const passageLimit = this.passageDfLimit();
    const s = this.scratchFor(this.docs.length);
    const touched: number[] = [];
    const touch = (ord: number): void => {
      if (s.fp[ord] === 0 && s.pk[ord] === 0) touched.push(ord);
    };
    for (const key of page.fingerprints) {
      const df = this.fingerprints.count(key);
      if (df > limit || df === 0) continue;
      const weight = 1 / df;
      this.fingerprints.forEach(key, (ord) => {
        if (!this.docs[ord]) return;
        touch(ord);
        s.fp[ord]++;
        s.score[ord] += weight;
      }, MAX_POSTINGS_PER_KEY);
    }
    for (const key of page.passageKeys) {
      if (this.passages.count(key) > passageLimit) continue;
      this.passages.forEach(key, (ord) => {
        if (!this.docs[ord]) return;
        touch(ord);
        s.pk[ord]++;
      }, MAX_POSTINGS_PER_KEY);
    }
    // Top-K selections over typed arrays: no object per touched document, no full sort.
    const better = (a: number, b: number): boolean => {
      if (s.score[a] !== s.score[b]) return s.score[a] > s.score[b];
      if (s.fp[a] !== s.fp[b]) return s.fp[a] > s.fp[b];
      if (s.pk[a] !== s.pk[b]) return s.pk[a] > s.pk[b];
      return a < b;
    };
    const betterReworded = (a: number, b: number): boolean => (s.pk[a] !== s.pk[b] ? s.pk[a] > s.pk[b] : a < b);
    const maxV = opts.maxVerbatim ?? MAX_VERBATIM_CANDIDATES;
    const maxR = opts.maxReworded ?? MAX_REWORDED_CANDIDATES;
    const verbatim = topK(touched, (o) => s.fp[o] > 0, maxV, better);
    const multi = topK(touched, (o) => s.fp[o] === 0 && s.pk[o] > 1, maxR, betterReworded);
    const single = topK(touched, (o) => s.fp[o] === 0 && s.pk[o] === 1, MAX_SINGLE_HIT_REWORDED_CANDIDATES, betterReworded);
    const reworded = [...multi, ...single].slice(0, maxR);
    const out = [...verbatim, ...reworded].map((ord) => ({ ord, fingerprintHits: s.fp[ord], passageHits: s.pk[ord], score: s.score[ord] }));
    for (const ord of touched) {
      s.fp[ord] = 0;
      s.pk[ord] = 0;
      s.score[ord] = 0;
    }
    return out;
  }

  /** Per-ordinal counters reused by every query (zeroed again after each). */
  private scratch: { fp: Uint32Array; pk: Uint32Array; score: Float64Array } | null = null;

  private scratchFor(n: number): { fp: Uint32Array; pk: Uint32Array; score: Float64Array } {
    if (!this.scratch || this.scratch.fp.length < n) {
      const size = Math.max(1024, n * 2);
      this.scratch = { fp: new Uint32Array(size), pk: new Uint32Array(size), score: new Float64Array(size) };
    }
    return this.scratch;
  }
}

/** The best `k` items of `items` passing `keep`, best first (`better(a, b)`: a ranks before b). */
function topK(items: number[], keep: (x: number) => boolean, k: number, better: (a: number, b: number) => boolean): number[] {
  const top: number[] = [];
  if (k <= 0) return top;
  for (const x of items) {
    if (!keep(x)) continue;
    if (top.length === k && !better(x, top[k - 1])) continue;
    // Insert in order (k is small: 40 at most).
    let at = top.length < k ? top.length : k - 1;
    while (at > 0 && better(x, top[at - 1])) at--;
    if (top.length < k) top.splice(at, 0, x);
    else {
      top.pop();
      top.splice(at, 0, x);
    }
  }
  return top;
}
