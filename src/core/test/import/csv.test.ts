import { collectImport } from '../../formats/import';
import { chunked, enc, importOne, reasons, utf16le } from './helpers';

describe('CSV and TSV', () => {
  it('reads quoted fields with embedded newlines, delimiters and doubled quotes', async () => {
    const file = [
      'id,title,text,date',
      '1,"Hello, world","He said ""hi"".',
      '',
      'Second paragraph.",2024-03-01',
      '2,Plain,Plain text,',
    ].join('\n');
    const { records, summary } = await importOne('a.csv', file);
    expect(summary.issues).toEqual([]);
    expect(records).toEqual([
      { id: '1', title: 'Hello, world', outlet: null, url: null, published: '2024-03-01', text: 'He said "hi".\n\nSecond paragraph.' },
      { id: '2', title: 'Plain', outlet: null, url: null, published: null, text: 'Plain text' },
    ]);
  });

  it('numbers lines by where the row starts, counting embedded newlines', async () => {
    const file = 'title,text\nA,"one\ntwo\nthree"\nB,four\n\nC,five\n';
    const { records } = await importOne('lines.csv', file);
    expect(records.map((r) => r.id)).toEqual(['lines.csv:2', 'lines.csv:5', 'lines.csv:7']);
  });

  it('handles ragged rows: short rows with text are kept, long rows with extra values are skipped', async () => {
    const file = [
      'text,title,url',
      'short row',                 // 2: fewer fields, has text → kept
      'ok,T,http://x.test/a',      // 3
      'spill,over,http://x,extra', // 4: more fields with a value → skipped
      'trailing,T2,,,',            // 5: extra empty fields → kept
      ',only title',               // 6: no text
    ].join('\r\n');
    const { records, summary } = await importOne('rag.csv', file);
    expect(records.map((r) => [r.id, r.text, r.title])).toEqual([
      ['rag.csv:2', 'short row', null],
      ['rag.csv:3', 'ok', 'T'],
      ['rag.csv:5', 'trailing', 'T2'],
    ]);
    expect(reasons(summary)).toEqual([
      'line 4: row has 4 fields but the header has 3; skipped (a delimiter inside an unquoted field?)',
      'line 6: row has 2 fields but the header has 3; no text',
    ]);
  });

  it('reports a quote that is never closed', async () => {
    const { records, summary } = await importOne('q.csv', 'text\nfine\n"never closed\nmore\n');
    expect(records.map((r) => r.text)).toEqual(['fine']);
    expect(reasons(summary)).toEqual(['line 3: a quoted field is never closed; row skipped']);
  });

  it('stops with one issue when the header has no text column', async () => {
    const { records, summary } = await importOne('nohead.csv', 'a,b\n1,2\n3,4\n');
    expect(records).toEqual([]);
    expect(reasons(summary)).toEqual([
      'line 1: no text column in the header row (looked for text, body, content, article, articleBody, maintext, html; delimiter ",")',
    ]);
  });

  it('reads TSV, and detects ; and tab delimiters in a .csv', async () => {
    const tsv = await importOne('a.tsv', 'Headline\tBody\tSource\nT1\tText, with comma\tAP\n');
    expect(tsv.records).toEqual([
      { id: 'a.tsv:2', title: 'T1', outlet: 'AP', url: null, published: null, text: 'Text, with comma' },
    ]);
    const semi = await importOne('semi.csv', 'titel;text;datum\nX;Ein Text, mit Komma;01.03.2024\n');
    expect(semi.records.map((r) => r.text)).toEqual(['Ein Text, mit Komma']);
    const tabbed = await importOne('tabs.csv', 'title\ttext\nX\tTabbed text\n');
    expect(tabbed.records.map((r) => r.text)).toEqual(['Tabbed text']);
  });

  it('reads an Excel-style UTF-16 tab-separated export', async () => {
    const { records } = await importOne('excel.tsv', utf16le('title\ttext\r\n"Zoë"\t"Grüße ""aus"" Köln"\r\n', true));
    expect(records.map((r) => [r.title, r.text])).toEqual([['Zoë', 'Grüße "aus" Köln']]);
  });

  it('says so when there are no rows after the header', async () => {
    const { summary } = await importOne('h.csv', 'title,text\n');
    expect(reasons(summary)).toEqual(['no rows after the header row']);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const file = 'id,text\r\n1,"a ""quoted"" text\r\nover, lines"\r\n2,"é😀ü"\r\n3,"""",\r\n';
    const bytes = enc(file);
    const whole = await importOne('c.csv', file);
    expect(whole.records).toHaveLength(3);
    for (let cut = 1; cut < bytes.length; cut++) {
      const split = await collectImport([chunked('c.csv', bytes, [cut, cut + 3])]);
      expect(split.records).toEqual(whole.records);
    }
  });
});
