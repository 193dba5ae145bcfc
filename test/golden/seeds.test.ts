/**
 * Golden cases on the five real reports of one wire story (data/demo-corpus.jsonl = seeds 000, 002, 003,
 * 004; data/demo/index.html = seed 001 rendered as a news page).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryCorpus, tokenize, type CorpusRecord, type ScanResult } from '@wiretrace/engine';
import { extractFromHtml } from '../../src/cli/parse-html';

const root = path.join(__dirname, '..', '..');
const records: CorpusRecord[] = readFileSync(path.join(root, 'data', 'demo-corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as CorpusRecord);

function corpusOf(ids: string[]): MemoryCorpus {
  const c = new MemoryCorpus();
  for (const r of records) if (ids.includes(r.id)) c.add(r);
  return c;
}

/** Page tokens covered by spans satisfying `keep`. */
function coveredTokens(text: string, result: ScanResult, keep: (sourceId: string, kind: string) => boolean): number {
  const t = tokenize(text);
  const mark = new Uint8Array(t.length);
  for (const m of result.matches) {
    for (const s of m.spans) {
      if (!keep(m.source.id, s.kind)) continue;
      for (let i = 0; i < t.length; i++) if (t.starts[i] >= s.start && t.ends[i] <= s.end) mark[i] = 1;
    }
  }
  return mark.reduce((a, b) => a + b, 0);
}

/** Longest common subsequence length of two word arrays. */
function lcs(a: string[], b: string[]): number {
  const dp = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = a[i - 1] === b[j - 1] ? prev + 1 : Math.max(dp[j], dp[j - 1]);
      prev = tmp;
    }
  }
  return dp[b.length];
}

describe('demo corpus', () => {
  it('holds seeds 000, 002, 003 and 004 with titles and the story date', () => {
    expect(records.map((r) => r.id)).toEqual(['seed-000', 'seed-002', 'seed-003', 'seed-004']);
    for (const r of records) {
      expect(r.title).toBeTruthy();
      expect(r.published).toBe('2021-08-17');
    }
  });
});

describe('seed 001 (the demo page) against the demo corpus', () => {
  const html = readFileSync(path.join(root, 'data', 'demo', 'index.html'), 'utf8');
  const article = extractFromHtml(html, 'http://localhost/demo/')!;
  const corpus = corpusOf(['seed-000', 'seed-002', 'seed-003', 'seed-004']);
  const result = corpus.scan(article.text);
  const words = tokenize(article.text).length;

  it('is extracted as one article with its metadata', () => {
    expect(article.title).toMatch(/NATO/);
    expect(article.published).toMatch(/^2021-08-18/);
    expect(words).toBeGreaterThan(250);
    expect(words).toBeLessThan(400); // the article once, not the scraped double
  });

  it('flags at least 90% of its words verbatim', () => {
    const verbatim = coveredTokens(article.text, result, (_s, kind) => kind === 'verbatim');
    expect(verbatim / words).toBeGreaterThanOrEqual(0.9);
  });

  it('attributes at least 85% of its words to seed 000', () => {
    const m000 = result.matches.find((m) => m.source.id === 'seed-000')!;
    expect(m000.sharedWords / words).toBeGreaterThanOrEqual(0.85);
    expect(result.matches[0].source.id).toBe('seed-000');
    expect(result.sourceCount).toBe(result.matches.length);
  });

  it('names, for every span, a source that really holds the passage', () => {
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(result.matches.length).toBeGreaterThan(0);
    for (const m of result.matches) {
      for (const s of m.spans) {
        const page = tokenize(article.text.slice(s.start, s.end)).words;
        for (const id of [m.source.id]) {
          const src = tokenize(byId.get(id)!.text.slice(s.sourceStart, s.sourceEnd)).words;
          if (s.kind === 'verbatim') expect(lcs(page, src)).toBeGreaterThanOrEqual(Math.ceil(0.9 * page.length));
        }
        for (const other of s.others) {
          // The others hold the passage too: most of its words appear in order somewhere in their text.
          const otherWords = tokenize(byId.get(other)!.text).words;
          expect(lcs(page, otherWords)).toBeGreaterThanOrEqual(Math.ceil(0.5 * page.length));
        }
      }
    }
  });

  it('flags the quotes as quotes', () => {
    const spans = result.matches.flatMap((m) => m.spans);
    const quoted = spans.filter((s) => s.quote).map((s) => article.text.slice(s.start, s.end));
    expect(quoted.some((q) => q.includes('Around 800 NATO civilian personnel'))).toBe(true);
    const prose = spans.filter((s) => !s.quote).map((s) => article.text.slice(s.start, s.end));
    expect(prose.some((p) => p.includes('Staff from Western embassies have relocated'))).toBe(true);
  });

  it('matches both copies when the page holds the article twice (the raw scrape)', () => {
    const raw = readFileSync(path.join(root, 'test', 'fixtures', 'seeds', '001.txt'), 'utf8');
    const text = raw.replace(/<\/p>\.?<p>/g, '\n\n').replace(/<[^>]+>/g, '');
    const r = corpus.scan(text);
    const t = tokenize(text);
    const verbatim = coveredTokens(text, r, (_s, kind) => kind === 'verbatim');
    expect(verbatim / t.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('seed 003 (a reworded rewrite) against the other seeds', () => {
  const s003 = records.find((r) => r.id === 'seed-003')!;
  const corpus = corpusOf(['seed-000', 'seed-002', 'seed-004']);
  const result = corpus.scan(s003.text);
  const reworded = result.matches.flatMap((m) => m.spans.filter((s) => s.kind === 'reworded').map((s) => s003.text.slice(s.start, s.end)));

  it('flags at least 3 sentences as reworded', () => {
    expect(reworded.length).toBeGreaterThanOrEqual(3);
  });

  it('includes the issue example', () => {
    expect(reworded.some((s) => s.includes('Afghan leadership failure resulted in the tragedy we are witnessing today'))).toBe(true);
  });

  it('does not claim verbatim copying of a rewrite', () => {
    const verbatim = coveredTokens(s003.text, result, (_s, kind) => kind === 'verbatim');
    expect(verbatim / tokenize(s003.text).length).toBeLessThan(0.1);
  });
});

describe('nothing matches itself', () => {
  it('a corpus article scanned with its own id excluded finds only the others', () => {
    const corpus = corpusOf(['seed-000', 'seed-002', 'seed-003', 'seed-004']);
    const r = corpus.scan(records[0].text, { excludeIds: ['seed-000'] });
    expect(r.matches.every((m) => m.source.id !== 'seed-000')).toBe(true);
  });
});
