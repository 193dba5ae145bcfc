/**
 * The `wiretrace` CLI end to end, through bin/wiretrace.cjs (built by `npm run build:cli`, which
 * `npm test` runs first).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'wiretrace.cjs');
const demoPage = path.join(root, 'data', 'demo', 'index.html');
const demoCorpus = path.join(root, 'data', 'demo-corpus.jsonl');

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonLines(stdout: string): Array<Record<string, any>> {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wiretrace-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('wiretrace scan', () => {
  const res = run(['scan', '--json', demoPage]);
  const [line] = jsonLines(res.stdout);

  it('writes one JSON object per page on stdout and logs on stderr', () => {
    expect(res.code).toBe(0);
    expect(jsonLines(res.stdout)).toHaveLength(1);
    expect(res.stderr).toMatch(/corpus: 4 articles/);
  });

  it('has the documented shape', () => {
    expect(line.page).toBe(demoPage);
    expect(typeof line.title).toBe('string');
    expect(line.published).toMatch(/^2021-08-18/);
    expect(typeof line.text).toBe('string');
    const m = line.matches[0];
    expect(Object.keys(m.source).sort()).toEqual(['id', 'outlet', 'published', 'title', 'url']);
    expect(m.source.id).toBe('seed-000');
    expect(m.coverage).toBeCloseTo(m.sharedWords / line.words, 10);
    for (const s of m.spans) {
      expect(Object.keys(s).sort()).toEqual(['end', 'kind', 'others', 'quote', 'sourceEnd', 'sourceStart', 'start']);
      expect(['verbatim', 'reworded']).toContain(s.kind);
    }
  });

  it('carries the page facts (README: facts), which the human report reads too', () => {
    expect(Object.keys(line.facts).sort()).toEqual(['kinds', 'level', 'reusedWords', 'share', 'sources']);
    expect(line.facts.share).toBeCloseTo(line.facts.reusedWords / line.words, 10);
    expect(line.facts.level).toBe('mostly');
    expect(line.facts.sources.map((f: any) => [f.id, f.coverage])).toEqual(line.matches.map((m: any) => [m.source.id, m.coverage]));
    const spans = line.matches.flatMap((m: any) => m.spans);
    expect(line.facts.sources[0].passages.verbatim + line.facts.sources[0].passages.quote + line.facts.sources[0].passages.reworded).toBe(spans.length);
  });

  it('sorts matches by shared words and spans by start, without overlaps', () => {
    for (let i = 1; i < line.matches.length; i++) expect(line.matches[i - 1].sharedWords).toBeGreaterThanOrEqual(line.matches[i].sharedWords);
    for (const m of line.matches) {
      for (let i = 1; i < m.spans.length; i++) expect(m.spans[i].start).toBeGreaterThanOrEqual(m.spans[i - 1].end);
    }
  });

  it('reports offsets into the text it prints and into the source text', () => {
    const source = readFileSync(demoCorpus, 'utf8').split('\n').map((l) => l && JSON.parse(l)).find((r) => r && r.id === 'seed-000');
    const s = line.matches[0].spans.find((x: any) => x.kind === 'verbatim' && !x.quote);
    const pageSlice = line.text.slice(s.start, s.end);
    expect(source.text.slice(s.sourceStart, s.sourceEnd).split(/\W+/).slice(-3)).toEqual(pageSlice.split(/\W+/).slice(-3));
  });

  it('prints a readable report without --json', () => {
    const human = run(['scan', demoPage]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/97% found in 1 source — mostly recycled:/);
    expect(human.stdout).toMatch(/\[verbatim, quote\] Around 800 NATO civilian personnel/);
  });

  it('gives an error line for an unreadable page, goes on with the others, and exits 1', () => {
    const r = run(['scan', '--json', path.join(tmp, 'missing.html'), demoPage]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/1 of 2 pages could not be checked \(exit status 1\)/);
    const lines = jsonLines(r.stdout);
    expect(lines[0]).toEqual({ page: path.join(tmp, 'missing.html'), error: 'no such file' });
    expect(lines[1].matches.length).toBeGreaterThan(0);
  });

  it('gives an error line when a page holds no article', () => {
    const empty = path.join(tmp, 'empty.html');
    writeFileSync(empty, '<html><body><nav>Home</nav></body></html>');
    const r = run(['scan', '--json', empty]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout)[0]).toEqual({ page: empty, error: 'no article found in the page' });
  });

  it('skips a binary file or a zip given as a page, saying why', () => {
    const png = path.join(tmp, 'photo.html');
    writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]));
    const zip = path.join(tmp, 'pages.zip');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]));
    const r = run(['scan', '--json', png, zip, demoPage]);
    expect(r.code).toBe(1);
    const [a, b, c] = jsonLines(r.stdout);
    expect(a).toEqual({ page: png, error: 'binary data, not a page of text or HTML; skipped' });
    expect(b).toEqual({ page: zip, error: 'a zip archive, not a page; skipped (to check against its articles, give it with --corpus)' });
    expect(c.matches.length).toBeGreaterThan(0);
    expect(run(['scan', png]).stdout).toBe(`${png}: error: binary data, not a page of text or HTML; skipped\n\n`);
  });

  it('reads .txt pages as text', () => {
    const txt = path.join(tmp, 'page.txt');
    writeFileSync(txt, readFileSync(path.join(root, 'test', 'fixtures', 'seeds', '000.txt')));
    const r = run(['scan', '--json', '--corpus', path.join(root, 'test', 'fixtures', 'seeds', '002.txt'), txt]);
    const [l] = jsonLines(r.stdout);
    expect(l.title).toMatch(/^After 20 years/);
    expect(l.matches[0].source.id).toBe('002.txt');
  });

  it('exits non-zero with a clear message when the corpus cannot be read', () => {
    const r = run(['scan', '--corpus', path.join(tmp, 'nope.jsonl'), demoPage]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read the corpus: corpus .*nope\.jsonl: no such file or folder/);
    expect(r.stdout).toBe('');
  });

  it('rejects a bad --min-words with a usage message', () => {
    const r = run(['scan', '--min-words', 'three', demoPage]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--min-words must be a whole number/);
  });

  it('takes --min-words in the options page\'s range, 8 to 60', () => {
    for (const n of ['7', '61']) {
      const r = run(['scan', '--min-words', n, demoPage]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--min-words must be a whole number from 8 to 60, got "${n}"`));
    }
    expect(run(['scan', '--min-words', '8', demoPage]).code).toBe(0);
  });

  it('honours --min-words', () => {
    const r = run(['scan', '--json', '--min-words', '60', demoPage]);
    const [l] = jsonLines(r.stdout);
    const base = line.matches[0].spans.filter((s: any) => s.kind === 'verbatim').length;
    const fewer = (l.matches[0]?.spans ?? []).filter((s: any) => s.kind === 'verbatim').length;
    expect(fewer).toBeLessThan(base);
  });
});

describe('wiretrace import and .wtc corpora', () => {
  const wtc = path.join(tmp, 'demo.wtc');
  const imp = run(['import', demoCorpus, '--out', wtc]);

  it('prints a summary', () => {
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(/imported 4, duplicates 0, skipped 0/);
  });

  it('scans with the .wtc exactly as with the source files, recognising it by content', () => {
    const renamed = path.join(tmp, 'corpus.dat');
    copyFileSync(wtc, renamed);
    const a = run(['scan', '--json', '--corpus', demoCorpus, demoPage]).stdout;
    const b = run(['scan', '--json', '--corpus', renamed, demoPage]).stdout;
    expect(b).toBe(a);
  });

  it('merges repeated --corpus options', () => {
    const lines = readFileSync(demoCorpus, 'utf8').trim().split('\n');
    const first = path.join(tmp, 'first.jsonl');
    const second = path.join(tmp, 'second.jsonl');
    writeFileSync(first, lines[0] + '\n');
    writeFileSync(second, lines.slice(1).join('\n') + '\n');
    const r = run(['scan', '--json', '--corpus', first, '--corpus', second, demoPage]);
    expect(r.stderr).toMatch(/corpus: 4 articles/);
    const ids = jsonLines(r.stdout)[0].matches.map((m: any) => m.source.id);
    expect(ids).toContain('seed-000');
  });

  it('reports skipped records with file and line, and duplicates', () => {
    const bad = path.join(tmp, 'bad.jsonl');
    const lines = readFileSync(demoCorpus, 'utf8').trim().split('\n');
    writeFileSync(bad, [lines[0], '{"id": broken', lines[0], lines[1]].join('\n'));
    const r = run(['import', bad, '--out', path.join(tmp, 'bad.wtc')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 2, duplicates 1, skipped 1/);
    // The line is said once: in the reason, not also after the file name.
    expect(r.stdout).toMatch(/^ {2}skipped bad\.jsonl: line 2: invalid JSON/m);
    expect(r.stdout).not.toMatch(/bad\.jsonl:2/);
    // The duplicate is listed with its file and line too.
    expect(r.stdout).toMatch(/bad\.jsonl: line 3: duplicate: the same text as an article already imported; not added/);
  });

  it('keeps every row of two CSV files that both number their rows 1..N, listing the renamed ids', () => {
    const dir = mkdtempSync(path.join(tmp, 'csvs-'));
    const rows = (what: string): string => `id,title,text\n${[1, 2, 3].map((n) => `${n},${what} ${n},"${what} story number ${n}, told in a few more words"`).join('\n')}\n`;
    writeFileSync(path.join(dir, 'a.csv'), rows('Harbour'));
    writeFileSync(path.join(dir, 'b.csv'), rows('Council'));
    const r = run(['import', dir, '--out', path.join(tmp, 'csvs.wtc')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 6, duplicates 0, skipped 0, renamed 3/);
    expect(r.stdout).toMatch(/b\.csv: line 2: id "1" is already used by another article; imported as "b\.csv#1"/);
    expect(r.stdout).toMatch(/wrote .*csvs\.wtc: 6 articles/);
  });
});

describe('wiretrace import of a folder', () => {
  it('skips README, LICENSE and CHANGELOG files, listing each with its reason', () => {
    const dir = mkdtempSync(path.join(tmp, 'project-'));
    copyFileSync(demoCorpus, path.join(dir, 'articles.jsonl'));
    writeFileSync(path.join(dir, 'README.md'), '# Our corpus\n\nFour reports of one wire story, for the demo.\n');
    writeFileSync(path.join(dir, 'LICENSE'), 'MIT License\n\nPermission is hereby granted, free of charge, to any person.\n');
    const r = run(['import', dir, '--out', path.join(tmp, 'project.wtc')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 4, duplicates 0, skipped 2/);
    expect(r.stdout).toContain('skipped LICENSE: a project file (README, LICENSE, CHANGELOG…), not an article; not imported');
    expect(r.stdout).toContain('skipped README.md: a project file (README, LICENSE, CHANGELOG…), not an article; not imported');
  });
});

describe('wiretrace --help', () => {
  const help = run(['--help']);

  it('lists every corpus format, .gz included, and the --min-words range', () => {
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\.zip and \.gz archives of these/);
    expect(help.stdout).toMatch(/--min-words N .* 8 to 60 \(default 12\)/);
  });

  it('documents the exit status', () => {
    expect(help.stdout).toMatch(/Exit status:\n {2}0 {3}done/);
    expect(help.stdout).toMatch(/\n {2}1 {3}some page could not be checked/);
    expect(help.stdout).toMatch(/\n {2}2 {3}bad usage/);
  });
});

describe('wiretrace check', () => {
  it('reads the text from stdin', () => {
    const text = readFileSync(path.join(root, 'test', 'fixtures', 'seeds', '000.txt'), 'utf8');
    const r = run(['check', '--json', '--corpus', path.join(root, 'test', 'fixtures', 'seeds', '002.txt')], text);
    expect(r.code).toBe(0);
    const [l] = jsonLines(r.stdout);
    expect(l.page).toBe('-');
    expect(l.matches[0].source.id).toBe('002.txt');
  });

  it('says so when stdin is empty', () => {
    const r = run(['check'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/got nothing/);
  });
});

describe('many pages on all cores', () => {
  it('gives the same results, in order, as one page at a time', () => {
    const pages: string[] = [];
    for (let i = 0; i < 10; i++) {
      const p = path.join(tmp, `copy-${i}.html`);
      copyFileSync(demoPage, p);
      pages.push(p);
    }
    pages.splice(3, 0, path.join(tmp, 'missing-in-batch.html'));
    const r = run(['scan', '--json', ...pages]);
    expect(r.code).toBe(1); // one page is missing
    const lines = jsonLines(r.stdout);
    expect(lines.map((l) => l.page)).toEqual(pages);
    expect(lines[3].error).toBe('no such file');
    const single = jsonLines(run(['scan', '--json', pages[0]]).stdout)[0];
    for (const l of lines.filter((x) => !x.error)) expect({ ...l, page: '' }).toEqual({ ...single, page: '' });
  });
});
