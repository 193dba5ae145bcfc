/** The outlet report and the history's CSV: pure, checked against a plain reference and by hand. */
import fc from 'fast-check';
import Papa from 'papaparse';
import { HISTORY_VERSION, type HistoryEntry, type HistorySource } from '../../../src/store/history/history-entry';
import { reuseLevel } from '@wiretrace/engine';
import {
  HISTORY_CSV_FIELDS,
  historyCsv,
  OUTLET_CSV_FIELDS,
  OUTLET_TOP_SOURCES,
  outletCsv,
  outletReport,
  RECYCLED_SHARE,
} from '../../../src/ui/options/history-report';

function entry(key: string, outlet: string | null, share: number, sources: Partial<HistorySource>[] = [], patch: Partial<HistoryEntry> = {}): HistoryEntry {
  const e: Omit<HistoryEntry, 'level'> & Partial<HistoryEntry> = {
    v: HISTORY_VERSION,
    key,
    url: `https://${key}`,
    title: `Title ${key}`,
    outlet,
    checkedAt: '2024-05-01T10:00:00.000Z',
    words: 400,
    sourceCount: sources.length,
    share,
    sources: sources.map((s, i) => ({ id: `src-${i}`, title: null, outlet: null, url: null, share: 0.1, ...s })),
    ...patch,
  };
  // The level the background records: its scan's.
  return { level: reuseLevel(e.share, e.sourceCount), ...e };
}

test('recycled means the badge turns amber or red (a fifth of the page or more)', () => {
  expect(RECYCLED_SHARE).toBe(0.2);
  const at = (share: number, sourceCount = 1) => outletReport([entry('p.example/1', 'P', share, [], { sourceCount })])[0].recycled;
  expect([at(0.19), at(0.2), at(0.5), at(1), at(0.6, 0)]).toEqual([0, 1, 1, 1, 0]);
  // The stored level decides, not the share: an entry keeps the verdict its badge showed.
  expect(outletReport([entry('p.example/1', 'P', 0.9, [], { sourceCount: 1, level: 'some' })])[0].recycled).toBe(0);
});

test('per outlet: pages read, recycled, the share, and the sources the recycled pages drew on', () => {
  const rows = outletReport([
    entry('daily.example/1', 'The Daily', 0.6, [{ outlet: 'Wire A' }, { outlet: 'Wire B' }]),
    entry('daily.example/2', 'the daily ', 0.25, [{ outlet: 'wire a' }]),
    // Reuse below the threshold: read, not recycled, and its source not counted.
    entry('daily.example/3', 'The Daily', 0.1, [{ outlet: 'Wire C' }]),
    entry('daily.example/4', 'The Daily', 0),
    // No og:site_name: the host; a source with no outlet: its host.
    entry('www.herald.example/1', null, 0.2, [{ url: 'https://www.agency.example/x' }]),
  ]);
  expect(rows).toEqual([
    {
      outlet: 'The Daily',
      read: 4,
      recycled: 2,
      share: 0.5,
      sources: [
        { name: 'Wire A', pages: 2 },
        { name: 'Wire B', pages: 1 },
      ],
    },
    { outlet: 'herald.example', read: 1, recycled: 1, share: 1, sources: [{ name: 'agency.example', pages: 1 }] },
  ]);
});

/** The report computed the plain way, one outlet at a time. */
function reference(entries: HistoryEntry[]): Map<string, { read: number; recycled: number; sources: Map<string, number> }> {
  const out = new Map<string, { read: number; recycled: number; sources: Map<string, number> }>();
  for (const outlet of new Set(entries.map((e) => (e.outlet ?? '').trim().toLowerCase()))) {
    const mine = entries.filter((e) => (e.outlet ?? '').trim().toLowerCase() === outlet);
    const recycled = mine.filter((e) => e.sourceCount > 0 && e.share >= 0.2);
    const sources = new Map<string, number>();
    for (const e of recycled) for (const name of new Set(e.sources.map((s) => s.outlet!.toLowerCase()))) sources.set(name, (sources.get(name) ?? 0) + 1);
    out.set(outlet, { read: mine.length, recycled: recycled.length, sources });
  }
  return out;
}

test('property: the report agrees with the plain reference', () => {
  const outlet = fc.constantFrom('Daily', 'daily', 'Herald', 'Post ', 'Times');
  const source = fc.record({ outlet: fc.constantFrom('Wire A', 'wire a', 'Wire B', 'Agency', 'Blog') });
  const anEntry = fc.tuple(outlet, fc.double({ min: 0, max: 1, noNaN: true }), fc.array(source, { maxLength: 5 }));
  fc.assert(
    fc.property(fc.array(anEntry, { maxLength: 40 }), (specs) => {
      const entries = specs.map(([o, share, sources], i) => entry(`x.example/${i}`, o, share, sources));
      const rows = outletReport(entries);
      const ref = reference(entries);
      expect(rows.length).toBe(ref.size);
      expect(rows.reduce((n, r) => n + r.read, 0)).toBe(entries.length);
      for (let i = 1; i < rows.length; i++) expect(rows[i - 1].read).toBeGreaterThanOrEqual(rows[i].read);
      for (const r of rows) {
        const want = ref.get(r.outlet.trim().toLowerCase())!;
        expect([r.read, r.recycled, r.share]).toEqual([want.read, want.recycled, want.recycled / want.read]);
        // The top sources: the most-counted ones, with their counts.
        const counts = [...want.sources.values()].sort((a, b) => b - a).slice(0, OUTLET_TOP_SOURCES);
        expect(r.sources.map((s) => s.pages)).toEqual(counts);
        for (const s of r.sources) expect(want.sources.get(s.name.toLowerCase())).toBe(s.pages);
      }
    }),
  );
});

test('history CSV: one row per entry, untrusted cells defused against formulas, quoted where needed', () => {
  const csv = historyCsv([
    entry('paper.example/a', 'The "Paper"', 0.456, [{ outlet: 'Wire', share: 0.4, url: 'https://wire.example/1' }, { title: '=HYPERLINK("x")', share: 0.05 }], {
      title: '=cmd|calc',
      checkedAt: '2024-05-01T10:00:00.000Z',
    }),
  ]);
  const parsed = Papa.parse<string[]>(csv.trim());
  expect(parsed.data[0]).toEqual([...HISTORY_CSV_FIELDS]);
  expect(parsed.data[1]).toEqual([
    '2024-05-01T10:00:00.000Z',
    'The "Paper"',
    "'=cmd|calc",
    'https://paper.example/a',
    '400',
    '2',
    '0.456',
    'Wire (40 %); =HYPERLINK("x") (5 %)',
    'https://wire.example/1 ',
  ]);
  expect(csv).toContain('\r\n');
});

test('outlet CSV: one row per outlet with its top sources', () => {
  const csv = outletCsv(outletReport([entry('a.example/1', 'A', 0.5, [{ outlet: 'Wire' }]), entry('a.example/2', 'A', 0)]));
  expect(Papa.parse<string[]>(csv.trim()).data).toEqual([[...OUTLET_CSV_FIELDS], ['A', '2', '1', '0.500', 'Wire (1)']]);
});
