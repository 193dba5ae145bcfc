/**
 * Attribution golden tests: every verbatim span names a source that holds it (issue 16).
 *
 * 1. A page splicing two wire versions mid-paragraph, with the copied text running across a paragraph
 *    break from one source into the other.
 * 2. The golden sets — the five seed reports of one wire story, and the 181 AEB pages — scanned against
 *    each other: attribution, recall and precision (test/helpers/attribution.ts), printed for
 *    docs/benchmarks.md ("Attribution" section):
 *    `npx jest test/golden/attribution.test.ts --selectProjects unit`
 */
import { MemoryCorpus, tokenize } from '@wiretrace/engine';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CorpusRecord } from '@wiretrace/engine';
import { extractFromHtml } from '../../src/cli/parse-html';
import { loadAebPages } from '../helpers/aeb-pages';
import { formatFigures, measureAttribution } from '../helpers/attribution';

const root = path.join(__dirname, '..', '..');

function record(id: string, published: string | null, text: string): CorpusRecord {
  return { id, title: null, outlet: null, url: null, published, text };
}

const BRIEFING =
  'Trump spoke by telephone to Ukrainian President Volodymyr Zelensky and several European leaders early on Saturday ' +
  'to brief them on the outcome of his meeting with Russian President Vladimir Putin.';

/** The first wire version: the briefing paragraph, then its own account of what Trump said. */
const EARLY = record(
  'wire-early',
  '2025-08-16T08:00:00Z',
  'The summit at a military base in Anchorage ended without an agreement on a ceasefire in Ukraine. ' +
    `${BRIEFING}\n\n` +
    'Trump said the summit in Alaska had been productive but that no deal had been reached, and he urged Kyiv to ' +
    'consider concessions before any further talks with Moscow were arranged.\n\n' +
    'The Kremlin said the two leaders had agreed to keep in contact through their foreign ministers.',
);

/** The later version: the same briefing paragraph, then a new one the page copies. */
const LATE = record(
  'wire-late',
  '2025-08-16T11:00:00Z',
  'Leaders in Europe scrambled on Saturday to respond to the Alaska summit. ' +
    `${BRIEFING}\n\n` +
    'U.S. President Donald Trump said the summit in Alaska had been productive, adding that Zelensky would visit the ' +
    'White House on Monday afternoon for talks with him and several European heads of government.\n\n' +
    'European officials said they would press for security guarantees for Ukraine at the meeting.',
);

/** The page: its own lead, the briefing (from either) mid-paragraph, then the later version's paragraph. */
const PAGE =
  'Kyiv was waiting anxiously on Saturday for word from the talks between the two presidents in Alaska. ' +
  `${BRIEFING}\n\n` +
  'U.S. President Donald Trump said the summit in Alaska had been productive, adding that Zelensky would visit the ' +
  'White House on Monday afternoon for talks with him and several European heads of government.\n\n' +
  'Residents of the capital spent another night in shelters as air raid sirens sounded across the country.';

const words = (text: string): string => ` ${tokenize(text).words.join(' ')} `;

describe('a page splicing two wire versions mid-paragraph', () => {
  const corpus = new MemoryCorpus();
  corpus.add(EARLY);
  corpus.add(LATE);
  const result = corpus.scan(PAGE);
  const spans = result.matches.flatMap((m) => m.spans.map((s) => ({ ...s, source: m.source.id, text: PAGE.slice(s.start, s.end) })));
  const texts = new Map([EARLY, LATE].map((r) => [r.id, words(r.text)]));

  it('names, for every verbatim span, a source that holds all of it, and lists only such sources in others', () => {
    expect(spans.filter((s) => s.kind === 'verbatim').length).toBeGreaterThanOrEqual(2);
    for (const s of spans.filter((x) => x.kind === 'verbatim')) {
      expect([s.source, texts.get(s.source)!.includes(words(s.text))]).toEqual([s.source, true]);
      for (const o of s.others) expect([o, texts.get(o)!.includes(words(s.text))]).toEqual([o, true]);
    }
  });

  it('gives the briefing to the earlier version and the next paragraph to the later one', () => {
    const briefing = spans.find((s) => s.text.includes('Vladimir Putin'))!;
    expect(briefing.source).toBe('wire-early');
    expect(briefing.others).toEqual(['wire-late']);
    expect(briefing.text.endsWith('Vladimir Putin')).toBe(true);
    const next = spans.find((s) => s.text.includes('White House'))!;
    expect(next.source).toBe('wire-late');
    expect(next.others).toEqual([]);
    expect(next.text.startsWith('U.S. President Donald Trump said the summit in Alaska had been productive')).toBe(true);
  });

  it('still highlights every copied word', () => {
    const copied = tokenize(PAGE.slice(PAGE.indexOf('Trump spoke'), PAGE.indexOf('Residents')));
    const offset = PAGE.indexOf('Trump spoke');
    for (let i = 0; i < copied.length; i++) {
      const at = offset + copied.starts[i];
      expect(spans.some((s) => s.kind === 'verbatim' && s.start <= at && at < s.end)).toBe(true);
    }
  });
});

describe('attribution on the golden sets', () => {
  it('seeds: the five reports of one wire story against each other', () => {
    const seeds = readFileSync(path.join(root, 'data', 'demo-corpus.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as CorpusRecord);
    const demo = extractFromHtml(readFileSync(path.join(root, 'data', 'demo', 'index.html'), 'utf8'), 'http://localhost/demo/')!;
    const f = measureAttribution([...seeds, record('seed-001', demo.published, demo.text)]);
    console.log(formatFigures('seeds', f));
    expect(f.unheld).toEqual([]);
    expect(f.othersHeld).toBe(f.others);
  });

  it('AEB: the 181 pages against each other', () => {
    const pages = loadAebPages().filter((p) => p.text !== null);
    const f = measureAttribution(pages.map((p) => record(p.id, null, p.text!)));
    console.log(formatFigures('AEB', f));
    expect((f.exact + f.edited) / f.spans).toBeGreaterThanOrEqual(0.99);
    expect(f.othersHeld).toBe(f.others);
  });
});
