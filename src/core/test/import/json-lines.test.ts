import { bytesSource, collectImport } from '../../formats/import';
import { events, importOne, reasons } from './helpers';

describe('JSON Lines', () => {
  it('imports one record per line, ignoring blank lines, with path:LINE ids', async () => {
    const file = '{"text":"one"}\n\n{"text":"two","title":"T"}\r\n   \n{"text":"three"}';
    const { records, summary } = await importOne('name.jsonl', file);
    expect(records.map((r) => [r.id, r.text])).toEqual([
      ['name.jsonl:1', 'one'],
      ['name.jsonl:3', 'two'],
      ['name.jsonl:5', 'three'],
    ]);
    expect(records[1].title).toBe('T');
    expect(summary).toMatchObject({ imported: 3, skipped: 0, issues: [] });
  });

  it('reports a bad line with file and line number and imports the others', async () => {
    const file = '{"text":"a"}\n{"text": "b",\n{"text":"c"}\n';
    const { records, summary } = await importOne('news.jsonl', file);
    expect(records.map((r) => r.text)).toEqual(['a', 'c']);
    expect(summary.issues).toHaveLength(1);
    expect(summary.issues[0]).toMatchObject({ file: 'news.jsonl', line: 2 });
    expect(summary.issues[0].reason).toMatch(/^line 2: invalid JSON \(.+\)$/);
  });

  it('reports lines that are not objects and records without text', async () => {
    const file = '{"text":"ok"}\n[1,2]\n"str"\n{"title":"no text"}\n{"text":"   "}\n';
    const { records, summary } = await importOne('x.jsonl', file);
    expect(records).toHaveLength(1);
    expect(reasons(summary)).toEqual([
      'line 2: not a JSON object (found an array)',
      'line 3: not a JSON object (found a string)',
      'line 4: no text field (looked for text, body, content, article, articleBody, maintext, html)',
      'line 5: no text field (looked for text, body, content, article, articleBody, maintext, html)',
    ]);
  });

  it('keeps the ids a record has, turning numbers into strings', async () => {
    const file = '{"id":17,"text":"a"}\n{"guid":"g-1","text":"b"}\n{"_id":"m","uuid":"","text":"c"}\n{"id":12345678901234567890,"text":"d"}\n';
    const { records } = await importOne('ids.jsonl', file);
    expect(records.map((r) => r.id)).toEqual(['17', 'g-1', 'm', 'ids.jsonl:4']);
  });

  it('reads a lone pretty-printed object as a single record whose id is the path', async () => {
    const file = '{\n  "title": "Lone",\n  "source": {"id": null, "name": "AP"},\n  "text": "Body {with} [brackets] and \\"quotes\\""\n}\n';
    const { records, summary } = await importOne('folder/article.json', file);
    expect(summary.issues).toEqual([]);
    expect(records).toEqual([
      {
        id: 'folder/article.json',
        title: 'Lone',
        outlet: 'AP',
        url: null,
        published: null,
        text: 'Body {with} [brackets] and "quotes"',
      },
    ]);
  });

  it('treats a one-line object in a .json file as a single-record file, but not in .jsonl', async () => {
    expect((await importOne('a.json', '{"text":"x"}')).records[0].id).toBe('a.json');
    expect((await importOne('a.jsonl', '{"text":"x"}')).records[0].id).toBe('a.jsonl:1');
  });

  it('points at the list inside a wrapper object such as an API response', async () => {
    const file = JSON.stringify({ status: 'ok', articles: [{ title: 'a', content: 'b' }] }, null, 2);
    const { summary } = await importOne('newsapi.json', file);
    expect(reasons(summary)).toEqual([
      'line 1: no text field (looked for text, body, content, article, articleBody, maintext, html); the file is one object whose "articles" list may hold the articles: save that list as a JSON array or JSON Lines',
    ]);
  });

  it('reads concatenated pretty-printed objects (jq output) with their start lines', async () => {
    const file = '{\n  "text": "first"\n}\n{\n  "text": "second",\n  "tags": [\n    {"k": 1}\n  ]\n}\n';
    const { records, summary } = await importOne('jq.json', file);
    expect(summary.issues).toEqual([]);
    expect(records.map((r) => [r.id, r.text])).toEqual([
      ['jq.json:1', 'first'],
      ['jq.json:4', 'second'],
    ]);
  });

  it('does not let a truncated first line swallow the JSON lines after it', async () => {
    const file = '{"text": "cut", "tags": [1, 2\n{"text":"two"}\n{"text":"three"}\n';
    const { records, summary } = await importOne('t.jsonl', file);
    expect(records.map((r) => r.text)).toEqual(['two', 'three']);
    expect(summary.issues).toHaveLength(1);
    expect(summary.issues[0].reason).toMatch(/^line 1: invalid JSON/);
  });

  it('reports a multi-line object that never closes', async () => {
    const { records, summary } = await importOne('open.json', '{\n  "text": "never closed",\n');
    expect(records).toEqual([]);
    expect(reasons(summary)).toEqual(['line 1: invalid JSON (unexpected end of file)']);
  });

  it('reports a string broken across lines at the line where its value starts', async () => {
    const file = '{"text":"ok"}\n{"text": "broken\nstring"}\n{"text":"ok2"}\n';
    const { records, summary } = await importOne('b.jsonl', file);
    expect(records.map((r) => r.text)).toEqual(['ok', 'ok2']);
    expect(summary.issues.map((i) => i.line)).toEqual([2, 3]);
  });

  it('emits events in file order with line numbers', async () => {
    const ev = await events([bytesSource('e.jsonl', '{"text":"a"}\nnope\n{"text":"b"}\n')]);
    expect(ev.map((e) => (e.type === 'record' ? `record@${e.line}` : e.type === 'issue' ? `issue@${e.issue.line}` : e.type))).toEqual([
      'record@1',
      'issue@2',
      'record@3',
    ]);
  });

  it('skips a line longer than the limit', async () => {
    // The limit is 64 MB; use the real limit with a cheap repeated chunk, fed lazily.
    const big = new TextEncoder().encode('x'.repeat(1 << 20));
    const source = {
      path: 'long.jsonl',
      async *chunks() {
        yield new TextEncoder().encode('{"text":"before"}\n{"text":"');
        for (let i = 0; i < 65; i++) yield big;
        yield new TextEncoder().encode('"}\n{"text":"after"}\n');
      },
    };
    const { records, summary } = await collectImport([source]);
    expect(records.map((r) => r.text)).toEqual(['before', 'after']);
    expect(reasons(summary)).toEqual(['line 2: line longer than 64 MB, skipped']);
  });
});
