/**
 * Golden test on real pages: the 181 AEB news pages against each other. Most are unrelated; a few pairs
 * share quotes or boilerplate. An independent reference (test/helpers/exact-overlap-reference.ts) lists
 * every shared run of 12+ words; the engine must find each one, report no verbatim passage off those
 * runs, and report no reworded passage between pages that share no sentence-level content.
 */
import { MemoryCorpus, type ScanResult } from '@wiretrace/engine';
import { loadAebPages } from '../helpers/aeb-pages';
import { shareSentenceContent, sharedRuns, type SharedRun } from '../helpers/exact-overlap-reference';

const MIN_RUN = 12;

describe('AEB pages against each other', () => {
  const pages = loadAebPages().filter((p): p is typeof p & { text: string } => p.text !== null);
  const docs = pages.map((p) => ({ id: p.id, text: p.text }));
  const byId = new Map(docs.map((d) => [d.id, d.text]));
  const corpus = new MemoryCorpus();
  for (const d of docs) corpus.add({ id: d.id, title: null, outlet: null, url: null, published: null, text: d.text });
  corpus.index.compact();
  const results = new Map<string, ScanResult>();
  for (const d of docs) results.set(d.id, corpus.scan(d.text, { excludeIds: [d.id] }));
  const runs = sharedRuns(docs, MIN_RUN);

  /**
   * Characters of [start, end) covered by verbatim spans naming `source` (as owner or in `others`), or
   * naming another page that shares those characters too (a span names the sources that hold all of it;
   * `source` may hold only part of it).
   */
  function coveredChars(page: string, source: string, start: number, end: number): number {
    const mark = new Uint8Array(end - start);
    for (const m of results.get(page)!.matches) {
      for (const s of m.spans) {
        if (s.kind !== 'verbatim') continue;
        const named = new Set([m.source.id, ...s.others]);
        const held = (c: number): boolean => named.has(source) || runs.some((r) => r.a === page && named.has(r.b) && r.start <= c && c < r.end);
        for (let c = Math.max(start, s.start); c < Math.min(end, s.end); c++) if (held(c)) mark[c - start] = 1;
      }
    }
    return mark.reduce((a, b) => a + b, 0);
  }

  /** Non-space characters of a range: what coverage is measured on. */
  function solid(text: string, start: number, end: number): number {
    return text.slice(start, end).replace(/\s/g, '').length;
  }

  it('extracts nearly all pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(175);
  });

  it('has a reference with a few real shared passages', () => {
    const pairs = new Set(runs.map((r) => [r.a, r.b].sort().join(' ')));
    // "About a dozen pairs" share quotes or boilerplate; the exact number is the reference's, printed here.
    console.log(`reference: ${runs.length} shared runs of ${MIN_RUN}+ words in ${pairs.size} page pairs`);
    expect(pairs.size).toBeGreaterThan(0);
  });

  it('finds every reference run as a verbatim passage', () => {
    const missed: Array<SharedRun & { covered: number }> = [];
    for (const r of runs) {
      const text = byId.get(r.a)!;
      const covered = coveredChars(r.a, r.b, r.start, r.end);
      const total = r.end - r.start;
      // Spaces and punctuation at the run's edges are not part of any span: measure on the whole range
      // with a small allowance for them.
      if (covered < 0.9 * total) missed.push({ ...r, covered: covered / total });
      void text;
    }
    expect(missed.map((m) => `${m.a}<-${m.b} ${m.words}w ${(m.covered * 100).toFixed(0)}%: ${byId.get(m.a)!.slice(m.start, m.end).slice(0, 80)}`)).toEqual([]);
  });

  it('reports no verbatim passage off the shared runs', () => {
    const off: string[] = [];
    for (const [page, res] of results) {
      const text = byId.get(page)!;
      for (const m of res.matches) {
        for (const s of m.spans) {
          if (s.kind !== 'verbatim') continue;
          const owners = new Set([m.source.id, ...s.others]);
          const mark = new Uint8Array(s.end - s.start);
          let onRun = false;
          for (const r of runs) {
            if (r.a !== page || !owners.has(r.b) || r.end <= s.start || r.start >= s.end) continue;
            onRun = true;
            for (let c = Math.max(s.start, r.start); c < Math.min(s.end, r.end); c++) mark[c - s.start] = 1;
          }
          let inside = 0;
          for (let c = s.start; c < s.end; c++) if (mark[c - s.start] && !/\s/.test(text[c])) inside++;
          // A passage may bridge an edited word or two between runs (MAX_GAP_WORDS) and carry a short exact
          // run before or after its anchor: most of it must lie on the reference's shared runs.
          if (!onRun || inside < 0.5 * solid(text, s.start, s.end)) {
            off.push(`${page}<-${m.source.id}: ${text.slice(s.start, s.end).slice(0, 100)}`);
          }
        }
      }
    }
    expect(off).toEqual([]);
  });

  it('reports no reworded passage between pages that share no sentence-level content', () => {
    const bad: string[] = [];
    let reworded = 0;
    for (const [page, res] of results) {
      for (const m of res.matches) {
        for (const s of m.spans) {
          if (s.kind !== 'reworded') continue;
          reworded++;
          const sources = [m.source.id, ...s.others];
          const related = sources.some(
            (src) => runs.some((r) => r.a === page && r.b === src) || shareSentenceContent(byId.get(page)!, byId.get(src)!),
          );
          if (!related) bad.push(`${page}<-${m.source.id}: ${byId.get(page)!.slice(s.start, s.end).slice(0, 100)}`);
        }
      }
    }
    console.log(`engine: ${reworded} reworded spans across the AEB pages`);
    expect(bad).toEqual([]);
  });
});
