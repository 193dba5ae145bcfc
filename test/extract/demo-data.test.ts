/**
 * The demo data (data/README.md): the default corpus is well-formed, and the demo page extracts to its
 * article once, with its metadata.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusRecord } from '@wiretrace/engine';
import { extractFromHtml } from '../../src/cli/parse-html';

const ROOT = join(__dirname, '..', '..');
const DATA = join(ROOT, 'data');

it('data/demo-corpus.jsonl and data/demo/index.html are exactly what scripts/make-demo.mjs makes of the seeds', () => {
  // Throws (exit status 1) if either file differs.
  const out = execFileSync(process.execPath, ['scripts/make-demo.mjs', 'test/fixtures/seeds', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(out.match(/^unchanged /gm)).toHaveLength(2);
});

describe('data/demo-corpus.jsonl', () => {
  const lines = readFileSync(join(DATA, 'demo-corpus.jsonl'), 'utf8').split('\n');
  const records = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as CorpusRecord);

  it('holds seeds 000, 002, 003 and 004 with the CorpusRecord fields', () => {
    expect(lines.at(-1)).toBe(''); // ends with a newline
    expect(records.map((r) => r.id)).toEqual(['seed-000', 'seed-002', 'seed-003', 'seed-004']);
    for (const r of records) {
      expect(Object.keys(r)).toEqual(['id', 'title', 'outlet', 'url', 'published', 'text']);
      expect(r).toMatchObject({ url: null, published: '2021-08-17' });
      expect(r.title).toEqual(expect.any(String));
    }
    // Made-up outlets, each named as a demo, so that the demo shows "from which source" (data/README.md).
    expect(records.map((r) => r.outlet)).toEqual(['Demo Wire', 'Demo Herald', 'Demo Tribune', 'Demo Gazette']);
  });

  it('keeps titles out of the text and separates paragraphs by one blank line', () => {
    for (const r of records) {
      expect(r.text).not.toMatch(/^\s|\s$|\n{3,}|[ \t\u00a0]\n|\r/);
      expect(r.text.split('\n\n').every((p) => p.length > 0 && !p.includes('\n'))).toBe(true);
      expect(r.text.startsWith(r.title!)).toBe(false);
    }
    const [s000, , s003] = records;
    expect(s000.title).toBe('After 20 years in Afghanistan, NATO blames Afghan leaders for Kabul’s fall');
    expect(s003.title).toBe('NATO Secretary-General says Afghan leaders are to blame for the country’s collapse under the Taliban.');
    expect(records.some((r) => r.text.includes('date 2021-08-17'))).toBe(false);
    expect(s000.text).toContain('“We never intended to stay in Afghanistan forever,”'); // original characters kept
  });
});

describe('data/demo/index.html', () => {
  const html = readFileSync(join(DATA, 'demo', 'index.html'), 'utf8');

  it('is self-contained: no external resources', () => {
    expect(html).not.toMatch(/<(?:script|img|iframe|link[^>]*stylesheet)\b|@import|url\(|@font-face/i);
    // The only absolute links are the canonical URL and the seed's own "Read | …" link (a hyperlink, not a resource).
    const absolute = [...html.matchAll(/(?:href|src|content)="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(absolute.filter((u) => !u.startsWith('http://localhost/'))).toHaveLength(1);
  });

  it('extracts to the article once, with title, byline, outlet, date and canonical URL', () => {
    const a = extractFromHtml(html, 'http://localhost/demo/index.html');
    expect(a).toMatchObject({
      title: "NATO chief blames Afghan leaders for 'tragedy' of Taliban takeover",
      byline: 'By Demo Staff',
      outlet: 'The Daily Demo',
      published: '2021-08-18T09:00:00Z',
      url: 'http://localhost/demo/',
      lang: 'en',
    });
    const paragraphs = a!.text.split('\n\n');
    expect(paragraphs).toHaveLength(13);
    expect(paragraphs[0]).toMatch(/^NATO Secretary General Jens Stoltenberg said Tuesday/);
    expect(paragraphs).toContain("Read | How the Taliban engineered Afghanistan's 'political collapse'");
    expect(paragraphs.at(-1)).toBe('"All Afghan men, women and children deserve to live in safety and dignity."');
    expect(a!.text.match(/Stoltenberg told reporters/g)).toHaveLength(1);
    expect(a!.text).not.toMatch(/Most read|Subscribe|Daily Demo|Share|Sign up/);
    expect(a!.text).not.toMatch(/<\/?p>|^\.|\.\./m);
  });
});
