import { normalisePublished, normaliseText } from '../../formats/import';
import { importOne, reasons } from './helpers';

describe('field names', () => {
  it('recognises the variants, case-insensitively, first non-empty wins', async () => {
    const lines = [
      { ID: 'a', Headline: 'H', Link: 'https://ex.test/a', Publisher: 'Pub', PubDate: 'Fri, 01 Mar 2024 12:00:00 GMT', Body: 'b1' },
      { guid: 'b', name: 'N', href: 'https://ex.test/b', site_name: 'Site', publishedAt: '2024-03-01T10:00:00+02:00', articleBody: 'b2' },
      { uuid: 'c', title: '', headline: 'Second choice', canonical_url: 'https://ex.test/c', domain: 'ex.test', datePublished: 1709294400, maintext: 'b3' },
      { _id: 'd', source: { id: 'x', name: 'AP' }, scrape_time: 1709294400123, article: 'b4', text: '' },
      { id: 'e', source: 'Reuters', timestamp: '2024-03-01', content: ['para 1', 'para 2'] },
      { id: 'f', site: 'S', date: 'not a date', published_at: '2024-02-29', text: '  padded  ' },
    ];
    const { records, summary } = await importOne('v.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(summary.issues).toEqual([]);
    expect(records).toEqual([
      { id: 'a', title: 'H', outlet: 'Pub', url: 'https://ex.test/a', published: '2024-03-01T12:00:00.000Z', text: 'b1' },
      { id: 'b', title: 'N', outlet: 'Site', url: 'https://ex.test/b', published: '2024-03-01T08:00:00.000Z', text: 'b2' },
      { id: 'c', title: 'Second choice', outlet: 'ex.test', url: 'https://ex.test/c', published: '2024-03-01T12:00:00.000Z', text: 'b3' },
      { id: 'd', title: null, outlet: 'AP', url: null, published: '2024-03-01T12:00:00.123Z', text: 'b4' },
      { id: 'e', title: null, outlet: 'Reuters', url: null, published: '2024-03-01', text: 'para 1\n\npara 2' },
      { id: 'f', title: null, outlet: 'S', url: null, published: '2024-02-29', text: 'padded' },
    ]);
  });

  it('keeps a byline (what `server export` and backups write), and none when it is blank', async () => {
    const lines = [{ id: 'a', Byline: '  By A. Writer ', text: 't1' }, { id: 'b', byline: '', text: 't2' }];
    const { records } = await importOne('b.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    expect(records).toEqual([
      { id: 'a', title: null, outlet: null, url: null, published: null, byline: 'By A. Writer', text: 't1' },
      { id: 'b', title: null, outlet: null, url: null, published: null, text: 't2' },
    ]);
  });

  it('says which fields it looked for when there is no text', async () => {
    const { summary } = await importOne('n.jsonl', '{"title":"x"}\n{"title":"y","summary":"z"}\n');
    expect(reasons(summary)).toEqual([
      'line 1: no text field (looked for text, body, content, article, articleBody, maintext, html)',
      'line 2: no text field (looked for text, body, content, article, articleBody, maintext, html)',
    ]);
    expect(summary.issues[0]).toMatchObject({ file: 'n.jsonl', line: 1 });
  });
});

describe('normalisePublished', () => {
  it.each([
    ['2024-03-01', '2024-03-01'],
    ['2024-3-1', '2024-03-01'],
    ['2024/03/01', '2024-03-01'],
    ['20240301', '2024-03-01'],
    [' 2024-03-01T12:34:56Z ', '2024-03-01T12:34:56.000Z'],
    ['2024-03-01T12:34:56.789+01:00', '2024-03-01T11:34:56.789Z'],
    ['2024-03-01 12:34', '2024-03-01T12:34:00.000Z'],
    ['2024-03-01T12:34:56-0500', '2024-03-01T17:34:56.000Z'],
    ['Fri, 01 Mar 2024 12:00:00 +0100', '2024-03-01T11:00:00.000Z'],
    ['March 1, 2024', '2024-03-01'],
    ['1 March 2024 09:30', '2024-03-01T09:30:00.000Z'],
    ['01.03.2024', '2024-03-01'],
    ['13/03/2024', '2024-03-13'],
    ['03/13/2024', '2024-03-13'],
    ['03/04/2024', null],
    [1709294400, '2024-03-01T12:00:00.000Z'],
    [1709294400123, '2024-03-01T12:00:00.123Z'],
    ['1709294400', '2024-03-01T12:00:00.000Z'],
    [2024, null],
    ['2024-02-30', null],
    ['2024-13-01', null],
    ['yesterday', null],
    ['', null],
    [null, null],
    [{ date: '2024-03-01' }, null],
  ])('%j → %j', (input, expected) => {
    expect(normalisePublished(input)).toBe(expected);
  });
});

describe('normaliseText', () => {
  it('trims, unifies line endings, collapses 3+ newlines to 2 and keeps everything else', () => {
    expect(normaliseText('\n  a  b\r\n\r\n\r\n\tc\n\n\nd \n')).toBe('a  b\n\n\tc\n\nd');
  });
});
