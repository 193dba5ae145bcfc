import { MemoryCorpus, sameUrl } from '../corpus';
import type { CorpusRecord, ScanResult } from '../types';
import { checkScanResult, filler, paragraphs, pick, randInt, rng, sentence, wordsOf, WORDS } from './helpers';

function rec(id: string, text: string, extra: Partial<CorpusRecord> = {}): CorpusRecord {
  return { id, title: `Title ${id}`, outlet: 'Outlet', url: null, published: null, text, ...extra };
}

/** A corpus of `n` unrelated random documents plus the given records. */
function corpusWith(seed: number, n: number, records: CorpusRecord[]): MemoryCorpus {
  const rand = rng(seed);
  const c = new MemoryCorpus();
  for (let i = 0; i < n; i++) c.add(rec(`noise-${i}`, filler(rand, randInt(rand, 80, 300))));
  for (const r of records) expect(c.add(r)).toBe(true);
  return c;
}

function check(c: MemoryCorpus, page: string, result: ScanResult, exact = true): void {
  checkScanResult(result, page, (id) => c.get(id)!.text, { exact });
}

/** Scans `page`, checks the result, and expects `id` as the only match, its spans holding exactly `words`. */
function expectOnlyMatch(c: MemoryCorpus, page: string, id: string, words: string[]): ScanResult {
  const result = c.scan(page);
  check(c, page, result);
  expect(result.matches.map((m) => m.source.id)).toEqual([id]);
  expect(spanWords(page, result, id)).toEqual(words);
  return result;
}

/** Page words covered by spans of one match. */
function spanWords(page: string, result: ScanResult, id: string): string[] {
  const m = result.matches.find((x) => x.source.id === id);
  if (!m) return [];
  return m.spans.flatMap((s) => wordsOf(page.slice(s.start, s.end)));
}

describe('MemoryCorpus.scan: containment', () => {
  test('a long page reusing 3 paragraphs of a long source finds it', () => {
    const rand = rng(101);
    const sourceParas = paragraphs(rand, 12, 120);
    const source = rec('source', sourceParas.join('\n\n'));
    const c = corpusWith(1, 60, [source]);
    const reused = [sourceParas[1], sourceParas[6], sourceParas[10]];
    const pageParts: string[] = [];
    for (let i = 0; i < 20; i++) {
      pageParts.push(filler(rand, 110));
      if (i === 3) pageParts.push(reused[0]);
      if (i === 10) pageParts.push(reused[1]);
      if (i === 17) pageParts.push(reused[2]);
    }
    const page = pageParts.join('\n\n');
    const result = c.scan(page);
    check(c, page, result);
    expect(result.words).toBeGreaterThanOrEqual(2000 + 300);
    expect(result.matches.map((m) => m.source.id)).toEqual(['source']);
    const m = result.matches[0];
    expect(m.spans.filter((s) => s.kind === 'verbatim')).toHaveLength(3);
    expect(m.sharedWords).toBe(reused.reduce((a, p) => a + wordsOf(p).length, 0));
    expect(spanWords(page, result, 'source')).toEqual(reused.flatMap(wordsOf));
    expect(m.coverage).toBeLessThan(0.2);
    expect(result.sourceCount).toBe(1);
  });

  test('a short wire brief (~60 words) inside a long page is found', () => {
    const rand = rng(202);
    const brief = filler(rand, 60);
    const c = corpusWith(2, 60, [rec('brief', brief)]);
    const page = `${filler(rand, 1500)}\n\n${brief}\n\n${filler(rand, 1000)}`;
    const result = expectOnlyMatch(c, page, 'brief', wordsOf(brief));
    // The brief is all of the source.
    const s = result.matches[0].spans;
    expect(s[0].sourceStart).toBe(0);
    expect(s[s.length - 1].sourceEnd).toBe(brief.length - 1); // up to the final period
  });

  test('a long source containing the page’s short passage is found', () => {
    const rand = rng(303);
    const passage = sentence(rand, 20, 20);
    const source = rec('long', `${filler(rand, 1800)} ${passage} ${filler(rand, 1200)}`);
    const c = corpusWith(3, 40, [source]);
    const page = `${filler(rand, 60)} ${passage} ${filler(rand, 70)}`;
    expectOnlyMatch(c, page, 'long', wordsOf(passage));
  });

  test('unrelated pages match nothing', () => {
    const rand = rng(404);
    const c = corpusWith(4, 100, []);
    for (let i = 0; i < 5; i++) {
      const result = c.scan(filler(rand, 500));
      expect(result.matches).toEqual([]);
      expect(result.sourceCount).toBe(0);
    }
    expect(c.scan('').matches).toEqual([]);
  });
});

describe('MemoryCorpus.scan: attribution and grouping', () => {
  const rand = rng(505);
  const p1 = sentence(rand, 25, 25);
  const p2 = sentence(rand, 25, 25);
  // Marker words keep a chance equal neighbour word from extending a copied passage.
  const page = `${filler(rand, 100)} pagemark ${p1} pagemark ${filler(rand, 80)} pagemark ${p2} pagemark ${filler(rand, 60)}`;
  const around = (p: string): string => `srcmark ${p} srcmark`;

  test('the earliest published source owns a shared passage; the others are listed', () => {
    const early = rec('early', `${filler(rand, 100)} ${around(p1)} ${filler(rand, 100)}`, { published: '2024-03-01T08:00:00Z' });
    const late = rec('late', `${filler(rand, 100)} ${around(p1)} ${filler(rand, 50)} ${around(p2)} ${filler(rand, 100)}`, {
      published: '2024-03-02',
    });
    const c = corpusWith(5, 30, [late, early]);
    const result = c.scan(page);
    check(c, page, result);
    const byId = Object.fromEntries(result.matches.map((m) => [m.source.id, m]));
    // p1 is in both: the earlier one gets it even though the later one shares more.
    expect(spanWords(page, result, 'early')).toEqual(wordsOf(p1));
    expect(byId.early.spans[0].others).toEqual(['late']);
    // p2 is only in the later one.
    expect(spanWords(page, result, 'late')).toEqual(wordsOf(p2));
    expect(byId.late.spans[0].others).toEqual([]);
    expect(byId.early.source.published).toBe('2024-03-01T08:00:00Z');
  });

  test('with equal or unknown dates the source sharing most owns the shared passage', () => {
    for (const [dateA, dateB] of [
      [null, null],
      ['2024-03-01', '2024-03-01'],
      ['2024-03-01', null],
    ] as Array<[string | null, string | null]>) {
      const small = rec('a-small', `${filler(rand, 100)} ${around(p1)} ${filler(rand, 100)}`, { published: dateA });
      const big = rec('b-big', `${filler(rand, 100)} ${around(p1)} ${filler(rand, 50)} ${around(p2)} ${filler(rand, 100)}`, {
        published: dateB,
      });
      const c = corpusWith(6, 30, [small, big]);
      const result = expectOnlyMatch(c, page, 'b-big', [...wordsOf(p1), ...wordsOf(p2)]);
      const spanP1 = result.matches[0].spans[0];
      expect(spanP1.others).toEqual(['a-small']);
      expect(result.matches[0].spans[1].others).toEqual([]);
    }
  });

  test('near-duplicate versions of one story share a group; sourceCount counts groups', () => {
    const storyParas = paragraphs(rand, 8, 60);
    const added = filler(rand, 60);
    const v1 = rec('story-v1', storyParas.join('\n\n'), { published: '2024-05-01T10:00:00Z' });
    // v2: one paragraph added, one word edited elsewhere.
    const v2Paras = [...storyParas.slice(0, 4), added, ...storyParas.slice(4)];
    v2Paras[7] = v2Paras[7].replace(/^(\S+ \S+ )\S+/, '$1substituted');
    const v2 = rec('story-v2', v2Paras.join('\n\n'), { published: '2024-05-01T14:00:00Z' });
    const otherPara = filler(rand, 40);
    const other = rec('other', `${filler(rand, 100)}\n\n${otherPara}\n\n${filler(rand, 100)}`);
    const c = corpusWith(7, 30, [v1, v2, other]);
    const pageText = [filler(rand, 100), storyParas[1], filler(rand, 60), added, filler(rand, 60), otherPara].join('\n\n');
    const result = c.scan(pageText);
    check(c, pageText, result);
    const byId = Object.fromEntries(result.matches.map((m) => [m.source.id, m]));
    expect(Object.keys(byId).sort()).toEqual(['other', 'story-v1', 'story-v2']);
    expect(spanWords(pageText, result, 'story-v1')).toEqual(wordsOf(storyParas[1]));
    expect(byId['story-v1'].spans[0].others).toEqual(['story-v2']);
    expect(spanWords(pageText, result, 'story-v2')).toEqual(wordsOf(added));
    // Both versions are one group, represented by the earlier one.
    expect(byId['story-v1'].group).toBe('story-v1');
    expect(byId['story-v2'].group).toBe('story-v1');
    expect(byId.other.group).toBe('other');
    expect(result.sourceCount).toBe(2);
  });
});

describe('MemoryCorpus.scan: boilerplate', () => {
  const BOILERPLATE =
    'Copyright 2024 Example Media Group. All rights reserved. Sign up for our free daily newsletter to get the top stories delivered straight to your inbox.';

  test('a line shared by 300 documents is not a match, a real copied sentence on the same page is', () => {
    expect(wordsOf(BOILERPLATE)).toHaveLength(25);
    const rand = rng(606);
    const c = new MemoryCorpus();
    const texts: string[] = [];
    for (let i = 0; i < 300; i++) {
      const text = `${filler(rand, randInt(rand, 60, 140))}\n\n${BOILERPLATE}`;
      texts.push(text);
      c.add(rec(`doc-${i}`, text));
    }
    // A 15-word sentence from the middle of doc 17.
    const copied = sentence(rand, 15, 15);
    const doc17 = `${filler(rand, 60)} srcmark ${copied} srcmark ${filler(rand, 60)}\n\n${BOILERPLATE}`;
    c.remove('doc-17');
    c.add(rec('doc-17-real', doc17));

    const onlyBoilerplate = `${filler(rand, 400)}\n\n${BOILERPLATE}`;
    const r1 = c.scan(onlyBoilerplate);
    expect(r1.matches).toEqual([]);

    const page = `${filler(rand, 200)} pagemark ${copied} pagemark ${filler(rand, 200)}\n\n${BOILERPLATE}`;
    expectOnlyMatch(c, page, 'doc-17-real', wordsOf(copied));
  });
});

describe('MemoryCorpus.scan: options', () => {
  const rand = rng(707);
  const quoted = sentence(rand, 16, 16).replace(/\.$/, '');
  const plain = sentence(rand, 18, 18);
  const short = sentence(rand, 9, 9).replace(/\.$/, '');
  const sourceText = `${filler(rand, 80)} He said: “${quoted},” and left. ${filler(rand, 40)} srcmark ${plain} srcmark ${filler(rand, 40)} srcmark ${short} srcmark. ${filler(rand, 40)}`;
  const source = rec('src', sourceText, { url: 'https://www.example.com/news/story-1/' });
  const c = corpusWith(8, 30, [source]);
  const page = `${filler(rand, 50)} She stated: “${quoted},” adding nothing. ${filler(rand, 40)} pagemark ${plain} pagemark ${filler(rand, 40)} pagemark ${short} pagemark. ${filler(rand, 40)}`;

  // The 9-word sentence is also a reworded match (its marker words differ): leave rewording out here.
  const verbatimOnly = { includeReworded: false };

  test('quote spans are flagged, and includeQuotes:false drops them', () => {
    const all = c.scan(page, verbatimOnly);
    check(c, page, all);
    const spans = all.matches[0].spans;
    expect(spans.map((s) => s.quote)).toEqual([true, false]);
    expect(wordsOf(page.slice(spans[0].start, spans[0].end))).toEqual(wordsOf(quoted));
    const noQuotes = c.scan(page, { ...verbatimOnly, includeQuotes: false });
    check(c, page, noQuotes);
    expect(noQuotes.matches[0].spans.map((s) => s.quote)).toEqual([false]);
    expect(spanWords(page, noQuotes, 'src')).toEqual(wordsOf(plain));
  });

  test('minWords is honoured both ways', () => {
    // The 9-word run is below the default minimum; 18 words is above it.
    const base = c.scan(page, verbatimOnly);
    expect(spanWords(page, base, 'src')).toEqual([...wordsOf(quoted), ...wordsOf(plain)]);
    // Lower minimum: the 9-word run (the source is a candidate through its longer passages) is reported too.
    const low = c.scan(page, { ...verbatimOnly, minWords: 9 });
    check(c, page, low);
    expect(spanWords(page, low, 'src')).toEqual([...wordsOf(quoted), ...wordsOf(plain), ...wordsOf(short)]);
    // Higher minimum: only the 18-word sentence is left.
    const high = c.scan(page, { ...verbatimOnly, minWords: 17 });
    expect(spanWords(page, high, 'src')).toEqual(wordsOf(plain));
    expect(c.scan(page, { ...verbatimOnly, minWords: 19 }).matches).toEqual([]);
  });

  test('with rewording on, the 9-word copy with changed neighbours is a reworded span', () => {
    const result = c.scan(page);
    check(c, page, result);
    const spans = result.matches[0].spans;
    expect(spans.map((s) => s.kind)).toEqual(['verbatim', 'verbatim', 'reworded']);
    expect(wordsOf(page.slice(spans[2].start, spans[2].end))).toEqual(['pagemark', ...wordsOf(short), 'pagemark']);
    expect(wordsOf(sourceText.slice(spans[2].sourceStart, spans[2].sourceEnd))).toEqual(['srcmark', ...wordsOf(short), 'srcmark']);
    expect(c.scan(page, { includeReworded: false }).matches[0].spans).toHaveLength(2);
  });

  test('excludeIds and excludeUrl leave the source out', () => {
    expect(c.scan(page).matches).toHaveLength(1);
    expect(c.scan(page, { excludeIds: ['src'] }).matches).toEqual([]);
    expect(c.scan(page, { excludeIds: ['other'] }).matches).toHaveLength(1);
    expect(c.scan(page, { excludeUrl: 'http://example.com/news/story-1#comments' }).matches).toEqual([]);
    expect(c.scan(page, { excludeUrl: 'https://example.com/news/story-2' }).matches).toHaveLength(1);
  });

  test('an Analysis can be scanned instead of a string, with the same result', () => {
    const { analyze } = jest.requireActual('../analysis') as typeof import('../analysis');
    expect(c.scan(analyze(page))).toEqual(c.scan(page));
  });
});

describe('MemoryCorpus: records', () => {
  test('add, get, remove, all, duplicate ids', () => {
    const c = new MemoryCorpus();
    expect(c.add(rec('a', 'First text here.'))).toBe(true);
    expect(c.add(rec('a', 'Another text.'))).toBe(false);
    expect(c.get('a')!.text).toBe('First text here.');
    expect(c.add(rec('b', 'Second text.'))).toBe(true);
    expect(c.size).toBe(2);
    expect(c.remove('a')).toBe(true);
    expect(c.remove('a')).toBe(false);
    expect(c.get('a')).toBeUndefined();
    expect([...c.all()].map((r) => r.id)).toEqual(['b']);
    expect(c.size).toBe(1);
  });

  test('removed documents are never matched', () => {
    const rand = rng(808);
    const text = filler(rand, 100);
    const c = corpusWith(9, 10, [rec('gone', text), rec('kept', `${filler(rand, 50)} ${text}`)]);
    // Same words and no dates: the tie goes to the smaller id, the other one is listed.
    const before = c.scan(text);
    expect(before.matches.map((m) => m.source.id)).toEqual(['gone']);
    expect(before.matches[0].spans[0].others).toEqual(['kept']);
    c.remove('gone');
    expect(c.scan(text).matches.map((m) => m.source.id)).toEqual(['kept']);
    c.index.compact();
    expect(c.scan(text).matches.map((m) => m.source.id)).toEqual(['kept']);
  });

  test('sameUrl ignores scheme, www, trailing slash, fragment and case', () => {
    expect(sameUrl('https://www.Example.com/a/b/', 'http://example.com/a/b#x')).toBe(true);
    expect(sameUrl('https://example.com/a/b', 'https://example.com/a/c')).toBe(false);
    expect(sameUrl('https://example.com/a?id=1', 'https://example.com/a?id=2')).toBe(false);
    // Tracking parameters do not make another article; other parameters do.
    expect(sameUrl('https://example.com/a/?utm_source=x&id=1&fbclid=y#top', 'https://example.com/a?id=1')).toBe(true);
    expect(sameUrl('https://example.com/a?utm_medium=mail', 'https://example.com/a')).toBe(true);
    expect(sameUrl('https://example.com/a?utm_medium=mail', 'https://example.com/a?page=2')).toBe(false);
  });

  test('random words from the fixed list never make a spurious match between unrelated docs', () => {
    const rand = rng(909);
    const c = corpusWith(10, 200, []);
    const page = Array.from({ length: 3000 }, () => pick(rand, WORDS)).join(' ');
    expect(c.scan(page).matches).toEqual([]);
  });
});
