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
import { dfLimitFor, passageDfLimitFor, selectCandidates } from './candidate-select';
import { PostingTable } from './posting-table';

export {
  DF_FRACTION,
  DF_MIN_DOCS,
  MAX_REWORDED_CANDIDATES,
  MAX_SINGLE_HIT_REWORDED_CANDIDATES,
  MAX_VERBATIM_CANDIDATES,
  PASSAGE_DF_MAX,
} from './candidate-select';

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
 * Postings read per key at query time. At most MAX_VERBATIM_CANDIDATES documents are aligned anyway, so
 * reading all 1,000 documents of a key shared by 1% of a 100k corpus buys nothing but time: the query
 * reads the first 64 (the earliest imported) and relies on the page's other, rarer keys to rank the rest.
 * This bounds the work per page by the page's length, not the corpus size.
 */
export const MAX_POSTINGS_PER_KEY = 64;

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
    return dfLimitFor(this.live);
  }

  /** True when a fingerprint is so common in the corpus that it is boilerplate. */
  isBoilerplate(fingerprint: number): boolean {
    return this.fingerprints.count(fingerprint) > this.dfLimit();
  }

  /** True when a passage band key is so common in the corpus that it is boilerplate. */
  isBoilerplatePassage(key: number): boolean {
    return this.passages.count(key) > this.passageDfLimit();
  }

  /** The passage-key document-frequency limit (see passageDfLimitFor). */
  passageDfLimit(): number {
    return passageDfLimitFor(this.live);
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
    const out = selectCandidates(touched, s, opts);
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
