/** @jest-environment jsdom */
import { buildListQuery, displayDate, INITIAL_BROWSE_STATE, isSortOrder, pageCount, rangeText } from '../../../src/ui/options/browse-query';
import { exportFileName } from '../../../src/ui/options/export-jsonl';
import { pickedFromFileList, toSources, withoutTopFolder } from '../../../src/ui/options/import-files';
import { wantsImport } from '../../../src/ui/options/options-page';
import { formatBytes, issueText, progressFraction, progressText, resultDetails, resultHeadline } from '../../../src/ui/options/progress-text';
import type { ImportProgress, ImportResult } from '../../../src/store/api';
import { fileAt } from './page-env';

jest.mock('webextension-polyfill', () => ({ __esModule: true, default: jest.requireActual('./browser-fake').browserFake }));

const progress = (p: Partial<ImportProgress>): ImportProgress => ({
  filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 0, imported: 0, duplicates: 0, skipped: 0, rate: 0, currentFile: null, ...p,
});
const result = (r: Partial<ImportResult>): ImportResult => ({ status: 'done', imported: 0, duplicates: 0, renamed: 0, skipped: 0, issues: [], notes: [], total: 0, seconds: 1, ...r });

describe('progress wording', () => {
  test('counts, files and speed', () => {
    expect(progressText(progress({ imported: 1234, filesDone: 3, filesTotal: 5, rate: 2100.4 }))).toBe('1,234 articles · 3 of 5 files · 2,100/s');
    expect(progressText(progress({ imported: 1, filesDone: 0, filesTotal: 1 }))).toBe('1 article · 0 of 1 file');
  });

  test('the bar follows bytes when known, else files', () => {
    expect(progressFraction(progress({ bytesDone: 25, bytesTotal: 100, filesDone: 0, filesTotal: 4 }))).toBe(0.25);
    expect(progressFraction(progress({ filesDone: 1, filesTotal: 4 }))).toBe(0.25);
    expect(progressFraction(progress({ filesTotal: 0 }))).toBe(0);
  });

  test('summaries', () => {
    expect(resultHeadline(result({ imported: 2345 }))).toBe('Imported 2,345 articles.');
    expect(resultHeadline(result({ status: 'cancelled' }))).toBe('Import cancelled. Nothing was added.');
    expect(resultHeadline(result({ status: 'failed', error: 'quota exceeded' }))).toBe('Import failed: quota exceeded. Nothing was added.');
    expect(resultDetails(result({ duplicates: 1, skipped: 1200, total: 1 }))).toBe('1 duplicate not added · 1,200 skipped · 1 article in your corpus');
    expect(resultDetails(result({ status: 'cancelled', duplicates: 3, total: 10 }))).toBe('10 articles in your corpus');
    expect(issueText({ file: 'a/b.jsonl', line: 3, reason: 'line 3: invalid JSON (x)' })).toBe('a/b.jsonl: line 3: invalid JSON (x)');
  });

  test('sizes', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(5.25 * 1024 * 1024)).toBe('5.3 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});

describe('files to sources', () => {
  test('paths are relative to the picked folder, as in the CLI', () => {
    expect(withoutTopFolder('news/2024/a.jsonl')).toBe('2024/a.jsonl');
    expect(withoutTopFolder('/news/a.jsonl')).toBe('a.jsonl');
    expect(withoutTopFolder('a.jsonl')).toBe('a.jsonl');
  });

  test('plain picks keep their names; hidden and junk files are left out; order is by path', () => {
    const picked = pickedFromFileList([new File(['x'], 'b.csv'), fileAt('top/a.txt', 'y'), new File(['z'], '.DS_Store'), fileAt('top/__MACOSX/a.txt', 'w')]);
    expect(picked.map((p) => p.path)).toEqual(['.DS_Store', '__MACOSX/a.txt', 'a.txt', 'b.csv']);
    const sources = toSources(picked);
    expect(sources.map((s) => [s.path, s.size])).toEqual([
      ['a.txt', 1],
      ['b.csv', 1],
    ]);
  });
});

describe('browse query', () => {
  test('from the filter state', () => {
    expect(buildListQuery(INITIAL_BROWSE_STATE)).toEqual({ sort: 'published-desc', offset: 0, limit: 50 });
    expect(buildListQuery({ search: '  storm ', outlet: 'AP', from: '2024-01-01', to: '2024-01-31', sort: 'title', page: 2 })).toEqual({
      search: 'storm', outlet: 'AP', from: '2024-01-01', to: '2024-01-31', sort: 'title', offset: 100, limit: 50,
    });
  });

  test('pages and ranges', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
    expect(rangeText(0, 0, 0)).toBe('0 of 0');
    expect(rangeText(1, 50, 2345)).toBe('51–100 of 2,345');
    expect(displayDate('2024-03-01T12:00:00.000Z')).toBe('2024-03-01');
    expect(displayDate(null)).toBe('');
    expect(isSortOrder('title')).toBe(true);
    expect(isSortOrder('toString')).toBe(false);
  });
});

test('export file name uses the local date', () => {
  expect(exportFileName(new Date(2024, 2, 1, 23, 30))).toBe('wiretrace-corpus-2024-03-01.jsonl');
});

test('the import section is asked for with ?import or #import', () => {
  expect(wantsImport({ search: '?import', hash: '' })).toBe(true);
  expect(wantsImport({ search: '', hash: '#import' })).toBe(true);
  expect(wantsImport({ search: '?x=1', hash: '#settings' })).toBe(false);
});
