import fc from 'fast-check';
import type { Analysis } from '../analysis';
import { analyze } from '../analysis';
import {
  type Candidate,
  CorpusIndex,
  DF_FRACTION,
  DF_MIN_DOCS,
  MAX_POSTINGS_PER_KEY,
  MAX_REWORDED_CANDIDATES,
  MAX_SINGLE_HIT_REWORDED_CANDIDATES,
  MAX_VERBATIM_CANDIDATES,
  PASSAGE_DF_MAX,
} from '../corpus-index';
import { uniqueSorted } from '../shingle';

type Keys = Pick<Analysis, 'fingerprints' | 'passageKeys' | 'tokens'>;

function fakeAnalysis(fps: number[], pks: number[], words = 100): Keys {
  return {
    fingerprints: uniqueSorted(Uint32Array.from(fps)),
    passageKeys: uniqueSorted(Uint32Array.from(pks)),
    tokens: { length: words } as Analysis['tokens'],
  };
}

/** Brute-force reference: every posted document with its key sets, and which are still live. */
class Reference {
  posted: Array<{ ord: number; id: string; fps: Set<number>; pks: Set<number>; live: boolean }> = [];

  get live(): number {
    return this.posted.filter((d) => d.live).length;
  }

  dfLimit(): number {
    return Math.max(DF_MIN_DOCS, Math.ceil(DF_FRACTION * this.live));
  }

  /** Document frequency as the index counts it: removed documents count until compaction. */
  df(key: number, channel: 'fps' | 'pks'): number {
    return this.posted.filter((d) => d[channel].has(key)).length;
  }

  candidates(fps: number[], pks: number[], maxV: number, maxR: number): Candidate[] {
    const limit = this.dfLimit();
    // Sorted like the engine's page.fingerprints, so the rarity scores are summed in the same order.
    const okF = [...new Set(fps)].filter((k) => this.df(k, 'fps') <= limit).sort((a, b) => a - b);
    const passageLimit = Math.min(limit, Math.max(DF_MIN_DOCS, PASSAGE_DF_MAX));
    const okP = [...new Set(pks)].filter((k) => this.df(k, 'pks') <= passageLimit);
    const all: Candidate[] = [];
    for (const d of this.posted) {
      if (!d.live) continue;
      const fingerprintHits = okF.filter((k) => d.fps.has(k)).length;
      const passageHits = okP.filter((k) => d.pks.has(k)).length;
      let score = 0;
      for (const k of okF) if (d.fps.has(k)) score += 1 / this.df(k, 'fps');
      if (fingerprintHits + passageHits > 0) all.push({ ord: d.ord, fingerprintHits, passageHits, score });
    }
    const verbatim = all
      .filter((c) => c.fingerprintHits > 0)
      .sort((a, b) => b.score - a.score || b.fingerprintHits - a.fingerprintHits || b.passageHits - a.passageHits || a.ord - b.ord)
      .slice(0, maxV);
    const rewordedAll = all
      .filter((c) => c.fingerprintHits === 0)
      .sort((a, b) => b.passageHits - a.passageHits || a.ord - b.ord);
    const multi = rewordedAll.filter((c) => c.passageHits > 1);
    const single = rewordedAll.filter((c) => c.passageHits === 1).slice(0, MAX_SINGLE_HIT_REWORDED_CANDIDATES);
    const reworded = [...multi, ...single].slice(0, maxR);
    return [...verbatim, ...reworded];
  }
}

type Op =
  | { t: 'add'; fps: number[]; pks: number[] }
  | { t: 'remove'; which: number }
  | { t: 'compact' }
  | { t: 'query'; fps: number[]; pks: number[]; maxV: number | undefined; maxR: number | undefined };

// Few keys, so that some are posted by more than DF_MIN_DOCS documents (boilerplate) and some are not.
const hot = fc.integer({ min: 0, max: 3 });
const warm = fc.integer({ min: 6, max: 60 });
const keyArb = fc.oneof({ weight: 3, arbitrary: hot }, { weight: 4, arbitrary: warm }, { weight: 1, arbitrary: fc.constant(0xffffffff) });
const keysArb = fc.uniqueArray(keyArb, { maxLength: 10 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ t: fc.constant('add' as const), fps: keysArb, pks: fc.uniqueArray(keyArb, { maxLength: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('remove' as const), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ t: 'compact' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('query' as const),
      fps: keysArb,
      pks: fc.uniqueArray(keyArb, { maxLength: 6 }),
      maxV: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      maxR: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    }),
  },
);

describe('CorpusIndex vs brute force', () => {
  test('random add / remove / compact / query sequences', () => {
    let boilerplateQueries = 0;
    let capped = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 40, maxLength: 90 }), (ops) => {
        const index = new CorpusIndex();
        const ref = new Reference();
        let n = 0;
        for (const op of ops) {
          if (op.t === 'add') {
            const id = `doc-${n++}`;
            const ord = index.add(id, null, fakeAnalysis(op.fps, op.pks));
            expect(ord).toBe(ref.posted.length);
            ref.posted.push({ ord, id, fps: new Set(op.fps), pks: new Set(op.pks), live: true });
          } else if (op.t === 'remove') {
            if (ref.posted.length === 0) continue;
            const d = ref.posted[op.which % ref.posted.length];
            expect(index.remove(d.id)).toBe(d.live);
            d.live = false;
          } else if (op.t === 'compact') {
            index.compact();
            ref.posted = ref.posted.map((d) => (d.live ? d : { ...d, fps: new Set(), pks: new Set() }));
          } else {
            const got = index.candidates(fakeAnalysis(op.fps, op.pks), { maxVerbatim: op.maxV, maxReworded: op.maxR });
            const want = ref.candidates(op.fps, op.pks, op.maxV ?? MAX_VERBATIM_CANDIDATES, op.maxR ?? MAX_REWORDED_CANDIDATES);
            expect(got).toEqual(want);
            if (op.fps.some((k) => ref.df(k, 'fps') > ref.dfLimit())) boilerplateQueries++;
            if (op.maxV !== undefined && got.filter((c) => c.fingerprintHits > 0).length === op.maxV && op.maxV > 0) capped++;
            for (const c of got) expect(index.isLive(c.ord)).toBe(true);
          }
          const probe = [0, 1, 2, 3, 30, 0xffffffff];
          expect({ size: index.size, limit: index.dfLimit(), boiler: probe.map((k) => index.isBoilerplate(k)) }).toEqual({
            size: ref.live,
            limit: ref.dfLimit(),
            boiler: probe.map((k) => ref.df(k, 'fps') > ref.dfLimit()),
          });
        }
      }),
      { numRuns: 100 },
    );
    // The sequences did exercise the boilerplate limit and the caps.
    expect(boilerplateQueries).toBeGreaterThan(20);
    expect(capped).toBeGreaterThan(20);
  });

  test('removed documents are never returned, even before compaction', () => {
    const index = new CorpusIndex();
    for (let i = 0; i < 5; i++) index.add(`d${i}`, null, fakeAnalysis([100, 200 + i], [300]));
    index.remove('d1');
    index.remove('d3');
    const ords = (): number[] => index.candidates(fakeAnalysis([100], [300])).map((c) => c.ord).sort();
    expect(ords()).toEqual([0, 2, 4]);
    index.compact();
    expect(ords()).toEqual([0, 2, 4]);
    expect(index.candidates(fakeAnalysis([201], [])).length).toBe(0);
    expect(index.has('d1')).toBe(false);
    expect(index.doc(1)).toBeNull();
    expect(index.remove('d1')).toBe(false);
  });

  test('document frequency limit: at least DF_MIN_DOCS, then DF_FRACTION of the live corpus', () => {
    const index = new CorpusIndex();
    const total = 1500; // ceil(0.01 × 1500) = 15 > DF_MIN_DOCS
    for (let i = 0; i < total; i++) {
      const fps = [1000 + i];
      if (i < 15) fps.push(7); // posted by exactly the limit: still usable
      if (i < 16) fps.push(8); // one more: boilerplate
      index.add(`d${i}`, null, fakeAnalysis(fps, []));
    }
    expect(index.dfLimit()).toBe(15);
    expect(index.isBoilerplate(7)).toBe(false);
    expect(index.isBoilerplate(8)).toBe(true);
    expect(index.candidates(fakeAnalysis([7], [])).length).toBe(15);
    expect(index.candidates(fakeAnalysis([8], [])).length).toBe(0);
    // A small corpus: limit DF_MIN_DOCS.
    const small = new CorpusIndex();
    for (let i = 0; i < 11; i++) small.add(`s${i}`, null, fakeAnalysis(i < 10 ? [1, 2] : [2], []));
    expect(small.dfLimit()).toBe(DF_MIN_DOCS);
    expect(small.isBoilerplate(1)).toBe(false);
    expect(small.isBoilerplate(2)).toBe(true);
  });

  test('ranking and caps: verbatim by shared fingerprints, then reworded-only by passage keys', () => {
    const index = new CorpusIndex();
    index.add('one-fp', null, fakeAnalysis([1], [50]));
    index.add('three-fp', null, fakeAnalysis([1, 2, 3], []));
    index.add('two-fp', null, fakeAnalysis([1, 2], [50, 51]));
    index.add('two-pk', null, fakeAnalysis([], [50, 51]));
    index.add('one-pk', null, fakeAnalysis([99], [51]));
    const page = fakeAnalysis([1, 2, 3], [50, 51]);
    const ids = (cs: Candidate[]): string[] => cs.map((c) => index.doc(c.ord)!.id);
    expect(ids(index.candidates(page))).toEqual(['three-fp', 'two-fp', 'one-fp', 'two-pk', 'one-pk']);
    expect(ids(index.candidates(page, { maxVerbatim: 1, maxReworded: 1 }))).toEqual(['three-fp', 'two-pk']);
    expect(ids(index.candidates(page, { maxVerbatim: 0, maxReworded: 0 }))).toEqual([]);
  });

  test('duplicate ids are refused; ordinals and metadata are kept', () => {
    const index = new CorpusIndex();
    const a = analyze('Some words that make a short text for the index to hold here.');
    expect(index.add('x', 1234, a)).toBe(0);
    expect(() => index.add('x', null, a)).toThrow(/already/);
    expect(index.doc(0)).toEqual({ id: 'x', published: 1234, words: a.tokens.length });
    expect(index.ordinalOf('x')).toBe(0);
    expect(index.ordinalCount).toBe(1);
    index.remove('x');
    expect(index.add('x', null, a)).toBe(1);
    expect(index.ordinalCount).toBe(2);
    expect(index.size).toBe(1);
  });
});

describe('query cost is bounded by the page, not the corpus', () => {
  test('a key posted by many documents is read for its first MAX_POSTINGS_PER_KEY documents only', () => {
    const index = new CorpusIndex();
    const n = 10_000; // dfLimit 100 > MAX_POSTINGS_PER_KEY
    for (let i = 0; i < n; i++) index.add(`d${i}`, null, fakeAnalysis(i < 90 ? [42] : [1000 + i], []));
    index.compact();
    expect(index.dfLimit()).toBeGreaterThan(MAX_POSTINGS_PER_KEY);
    const got = index.candidates(fakeAnalysis([42], []), { maxVerbatim: 1000 });
    expect(got.length).toBe(MAX_POSTINGS_PER_KEY);
    // The earliest imported documents are the ones read.
    expect(got.map((c) => c.ord).sort((a, b) => a - b)).toEqual(Array.from({ length: MAX_POSTINGS_PER_KEY }, (_, i) => i));
  });

  test('only a few reworded-only candidates that share a single passage key are kept', () => {
    const index = new CorpusIndex();
    for (let i = 0; i < 8; i++) index.add(`single${i}`, null, fakeAnalysis([], [500 + i]));
    index.add('double', null, fakeAnalysis([], [600, 601]));
    const page = fakeAnalysis([], [500, 501, 502, 503, 504, 505, 506, 507, 600, 601]);
    const got = index.candidates(page);
    expect(got[0].ord).toBe(index.ordinalOf('double'));
    expect(got.filter((c) => c.passageHits === 1).length).toBe(MAX_SINGLE_HIT_REWORDED_CANDIDATES);
  });
});

describe('rarity-weighted ranking', () => {
  test('a document sharing one rare fingerprint ranks above documents sharing two common ones', () => {
    const index = new CorpusIndex();
    // 8 documents share fingerprints 1 and 2 (df 8 each: score 2/8); one document alone has 99 (score 1).
    for (let i = 0; i < 8; i++) index.add(`common${i}`, null, fakeAnalysis([1, 2], []));
    index.add('rare', null, fakeAnalysis([99], []));
    const got = index.candidates(fakeAnalysis([1, 2, 99], []));
    expect(got[0].ord).toBe(index.ordinalOf('rare'));
    expect(got[0].score).toBeCloseTo(1, 10);
    expect(got[1].fingerprintHits).toBe(2);
    expect(got[1].score).toBeCloseTo(2 / 8, 10);
    // With a cap of one verbatim candidate, the rare one is kept.
    expect(index.candidates(fakeAnalysis([1, 2, 99], []), { maxVerbatim: 1 }).map((c) => c.ord)).toEqual([index.ordinalOf('rare')]);
  });
});

describe('passage keys have a lower document-frequency ceiling than fingerprints', () => {
  test('in a large corpus, a passage key posted by more than PASSAGE_DF_MAX documents is ignored, a fingerprint is not', () => {
    const index = new CorpusIndex();
    const n = 20_000; // dfLimit 200 > PASSAGE_DF_MAX
    for (let i = 0; i < n; i++) index.add(`d${i}`, null, fakeAnalysis(i < 150 ? [7] : [100000 + i], i < 150 ? [9] : [200000 + i]));
    index.compact();
    expect(index.dfLimit()).toBe(200);
    expect(index.passageDfLimit()).toBe(PASSAGE_DF_MAX);
    expect(index.isBoilerplate(7)).toBe(false); // 150 ≤ 200: a widely run wire passage still matches
    expect(index.isBoilerplatePassage(9)).toBe(true); // 150 > 100: a topical band key
    expect(index.candidates(fakeAnalysis([], [9])).length).toBe(0);
    expect(index.candidates(fakeAnalysis([7], [])).length).toBeGreaterThan(0);
  });
});

describe('restoreDocs (loading a serialised index)', () => {
  test('ids are found, refused again, removed and added as after add(); the id map is built on first use', () => {
    const index = new CorpusIndex();
    index.restoreDocs([{ id: 'a', published: null, words: 3 }, null, { id: 'c', published: 5, words: 4 }]);
    expect(index.size).toBe(2);
    expect(index.ordinalCount).toBe(3);
    expect(index.isLive(1)).toBe(false);
    expect(index.doc(2)).toEqual({ id: 'c', published: 5, words: 4 });
    expect(index.has('a')).toBe(true);
    expect(index.ordinalOf('c')).toBe(2);
    expect(index.has('b')).toBe(false);
    expect(() => index.add('c', null, fakeAnalysis([1], []))).toThrow(/already/);
    expect(index.add('d', null, fakeAnalysis([1], []))).toBe(3);
    expect(index.remove('a')).toBe(true);
    expect(index.has('a')).toBe(false);
    expect(index.size).toBe(2);
    expect(() => index.restoreDocs([])).toThrow(/empty index/);
  });

  test('removal before any lookup builds the map first', () => {
    const index = new CorpusIndex();
    index.restoreDocs([{ id: 'x', published: null, words: 1 }, { id: 'y', published: null, words: 1 }]);
    expect(index.remove('y')).toBe(true);
    expect(index.remove('y')).toBe(false);
    expect(index.ordinalOf('x')).toBe(0);
    expect(index.size).toBe(1);
  });
});
