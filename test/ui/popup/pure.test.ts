import Papa from 'papaparse';
import { factsOfText, type Match, type PageReport } from '@wiretrace/engine';
import { dateHint, dayOf, formatDate, hostOf, percentLabel, percentNumber } from '../../../src/ui/shared/format';
import { kindsPresent, passageKind } from '../../../src/shared/passage-kind';
import { CSV_FIELDS, exportFileName, reportCsv, reportJson } from '../../../src/ui/popup/export-report';
import { orderSources, sourceName } from '../../../src/ui/popup/source-order';

function match(id: string, group: string, sharedWords: number, spans: Match['spans'] = []): Match {
  return { source: { id, title: `Title ${id}`, outlet: `Outlet ${id}`, url: null, published: null }, coverage: 0, sharedWords, spans, group };
}

function span(start: number, end: number, kind: 'verbatim' | 'reworded' = 'verbatim', quote = false) {
  return { start, end, sourceStart: 0, sourceEnd: end - start, kind, quote, others: [] };
}

describe('date hints', () => {
  test('compares times when both dates have one', () => {
    expect(dateHint('2024-03-05T10:00:00Z', '2024-03-05T08:00:00Z')).toBe('earlier than this page');
    expect(dateHint('2024-03-05T10:00:00Z', '2024-03-05T12:00:00Z')).toBe('later than this page');
    expect(dateHint('2024-03-05T10:00:00Z', '2024-03-05T10:00:00Z')).toBe('same day');
  });
  test('compares days when either is a bare date', () => {
    expect(dateHint('2024-03-05T10:00:00Z', '2024-03-05')).toBe('same day');
    expect(dateHint('2024-03-05', '2024-03-04T23:59:00Z')).toBe('earlier than this page');
    expect(dateHint('2024-03-05', '2024-03-06')).toBe('later than this page');
  });
  test('uses the day as written, not the UTC day', () => {
    expect(dayOf('2024-03-05T01:00:00+02:00')).toBe('2024-03-05');
    expect(dateHint('2024-03-05', '2024-03-05T01:00:00+02:00')).toBe('same day');
  });
  test('says nothing when a date is missing or unreadable', () => {
    expect(dateHint(null, '2024-03-05')).toBeNull();
    expect(dateHint('2024-03-05', null)).toBeNull();
    expect(dateHint('yesterday', '2024-03-05')).toBeNull();
  });
  test('formats dates for reading', () => {
    expect(formatDate('2021-08-17')).toBe('17 Aug 2021');
    expect(formatDate('2021-08-17T09:00:00Z')).toBe('17 Aug 2021');
    expect(formatDate('2021-13-45')).toBe('2021-13-45');
    expect(formatDate(null)).toBe('');
  });
});

test('percentages never read 0 for a real share', () => {
  expect(percentNumber(0)).toBe('0');
  expect(percentNumber(0.004)).toBe('<1');
  expect(percentNumber(0.426)).toBe('43');
  expect(percentNumber(1.7)).toBe('100');
  expect(percentLabel(0.5)).toBe('50 %');
});

test('hostOf keeps only http(s) hosts', () => {
  expect(hostOf('https://www.Example.com/a')).toBe('example.com');
  expect(hostOf('javascript:alert(1)')).toBeNull();
  expect(hostOf('not a url')).toBeNull();
});

test('passage kinds: reworded wins, then quote', () => {
  expect(passageKind({ kind: 'verbatim', quote: false })).toBe('verbatim');
  expect(passageKind({ kind: 'verbatim', quote: true })).toBe('quote');
  expect(passageKind({ kind: 'reworded', quote: true })).toBe('reworded');
  expect(kindsPresent([span(0, 1, 'reworded'), span(2, 3, 'verbatim', true), span(4, 5)])).toEqual(['verbatim', 'quote', 'reworded']);
});

describe('ranking and near-duplicate groups', () => {
  test('keeps the report order and puts versions after their representative', () => {
    const list = orderSources([match('a', 'a', 50), match('b', 'b', 40), match('a2', 'a', 30), match('c', 'c', 20), match('b2', 'b', 10)]);
    expect(list.map((l) => l.match.source.id)).toEqual(['a', 'a2', 'b', 'b2', 'c']);
    expect(list.map((l) => l.rank)).toEqual([1, 3, 2, 5, 4]);
    expect(list[0].versions.map((m) => m.source.id)).toEqual(['a2']);
    expect(list[1].versionOf?.source.id).toBe('a');
  });

  test('a match whose representative is missing stands alone', () => {
    const list = orderSources([match('x', 'gone', 5)]);
    expect(list).toHaveLength(1);
    expect(list[0].versionOf).toBeNull();
  });

  test('names a source by title, outlet, then id', () => {
    const m = match('id-1', 'id-1', 1);
    expect(sourceName(m)).toBe('Title id-1');
    expect(sourceName({ source: { ...m.source, title: '  ' } })).toBe('Outlet id-1');
    expect(sourceName({ source: { ...m.source, title: null, outlet: null } })).toBe('id-1');
  });
});

describe('exports', () => {
  const hostileText = 'He said "yes, really"\nthen =SUM(A1) left';
  const hostileMatches: Match[] = [
      {
        source: { id: 'src,"1"', title: 'A, "quoted"\ntitle', outlet: '=HYPERLINK("http://evil")', url: 'https://x.example/', published: '2024-01-01' },
        coverage: 1,
        sharedWords: 7,
        group: 'src,"1"',
        spans: [
          { start: 0, end: 21, sourceStart: 3, sourceEnd: 24, kind: 'verbatim', quote: true, others: ['o1', 'o2'] },
          { start: 27, end: 35, sourceStart: 30, sourceEnd: 38, kind: 'reworded', quote: false, others: [] },
        ],
      },
  ];
  const hostile: PageReport = {
    page: 'https://news.example/a',
    title: 't',
    published: null,
    url: 'https://news.example/a',
    text: hostileText,
    words: 7,
    sourceCount: 1,
    matches: hostileMatches,
    facts: factsOfText(hostileText, hostileMatches, 1),
  };

  test('CSV: one row per span, quoted so that it parses back exactly', () => {
    const csv = reportCsv(hostile);
    const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, first, second] = parsed.data;
    expect(header).toEqual([...CSV_FIELDS]);
    expect(parsed.data).toHaveLength(3);
    const row = Object.fromEntries(header.map((k, i) => [k, first[i]]));
    expect(row.source_id).toBe('src,"1"');
    expect(row.title).toBe('A, "quoted"\ntitle');
    expect(row.passage).toBe('He said "yes, really"');
    expect(row.kind).toBe('verbatim');
    expect(row.quote).toBe('true');
    expect(row.page_start).toBe('0');
    expect(row.page_end).toBe('21');
    expect(row.others).toBe('o1 o2');
    // Formula cells are defused for spreadsheet programs.
    expect(row.outlet).toBe(`'=HYPERLINK("http://evil")`);
    expect(second[header.indexOf('passage')]).toBe(`'=SUM(A1)`);
    expect(csv).toContain('"A, ""quoted""\ntitle"');
  });

  test('JSON: the report plus what was highlighted', () => {
    const out = JSON.parse(reportJson(hostile, ['He said']));
    expect(out.highlighted).toEqual(['He said']);
    expect(out.matches[0].spans).toHaveLength(2);
    expect(out.text).toBe(hostile.text);
  });

  test('file names carry the host and the date', () => {
    const now = new Date('2024-05-01T12:00:00Z');
    expect(exportFileName(hostile, 'csv', now)).toBe('wiretrace-news.example-2024-05-01.csv');
    expect(exportFileName({ page: '-', url: null }, 'json', now)).toBe('wiretrace-text-2024-05-01.json');
  });
});
