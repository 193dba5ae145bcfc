/**
 * The options page in Chromium, as a user drives it: many files of several formats (and a zip) chosen at
 * once, the summary with duplicates and skipped lines, search, delete, clear all with its confirmation
 * dialog, and a setting that survives a reload.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { importReady, launchChromium, type ChromiumExtension } from '../../tools/browser';

let dir: string;
let profileDir: string;
let ext: ChromiumExtension;
let options: Page;

const words = (seed: number, n: number): string =>
  Array.from({ length: n }, (_, i) => `word${(seed * 7919 + i * 104729) % 100003}`).join(' ');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-import-'));
  const jsonl = [
    { id: 'a1', title: 'Harbour reopens after storm', outlet: 'Coast Wire', published: '2024-03-01', text: `The harbour reopened on Monday. ${words(1, 80)}` },
    { id: 'a2', title: 'Council votes on budget', outlet: 'City Post', published: '2024-03-02', text: `The council voted late on Tuesday. ${words(2, 80)}` },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n');
  // Line 3 is broken JSON: it must be skipped with its line number, and the rest imported.
  writeFileSync(join(dir, 'wire.jsonl'), `${jsonl}\n{"id": "broken", "text": \n${JSON.stringify({ id: 'a3', title: 'Rail strike called off', text: words(3, 90) })}\n`);
  writeFileSync(join(dir, 'papers.csv'), `id,title,outlet,published,text\nc1,Bridge closes for repairs,River Times,2024-02-11,"${words(4, 70)}"\nc2,"Museum opens, at last",Arts Daily,2024-02-12,"${words(5, 70)}"\n`);
  // A zip holding a text file and a duplicate of a1 (same id and text: the same article).
  writeFileSync(
    join(dir, 'archive.zip'),
    zipSync({
      'notes/ferry.txt': strToU8(`Ferry timetable changes for summer\n\n${words(6, 90)}`),
      'dupes.jsonl': strToU8(`${JSON.stringify({ id: 'a1', title: 'Harbour reopens after storm', text: `The harbour reopened on Monday. ${words(1, 80)}` })}\n`),
    }),
  );
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-profile-'));
  ext = await launchChromium({ profileDir });
  options = await ext.openExtensionPage('src/ui/options/index.html');
});

afterAll(async () => {
  await ext?.close();
  for (const d of [dir, profileDir]) if (d) rmSync(d, { recursive: true, force: true });
});

test('the page has exactly one file input named "Import files"', async () => {
  await expect(options.locator('input[type=file]:not([hidden])').count()).resolves.toBe(1);
  await expect(options.getByLabel('Import files', { exact: true }).count()).resolves.toBe(1);
  await expect(options.getByRole('button', { name: 'Import a folder' }).count()).resolves.toBe(1);
  await options.locator('#corpus-total', { hasText: /^0 articles$/ }).waitFor({ timeout: 30_000 });
});

test('choosing several files (JSONL, CSV, zip) imports at once, with duplicates and skipped lines reported', async () => {
  await importReady(options);
  await options.getByLabel('Import files', { exact: true }).setInputFiles(['wire.jsonl', 'papers.csv', 'archive.zip'].map((f) => join(dir, f)));
  // a1 (from the zip), a2, a3 + c1, c2 + ferry.txt = 6; wire.jsonl's a1 is a duplicate; its line 3 is skipped.
  await options.locator('#corpus-total', { hasText: /^6 articles$/ }).waitFor({ timeout: 60_000 });
  const status = ((await options.locator('#import-status').textContent()) ?? '').replace(/\s+/g, ' ');
  expect(status).toMatch(/Imported 6 articles/);
  expect(status).toMatch(/1 duplicate/i);
  expect(status).toMatch(/1 skipped/i);
  expect(status).toMatch(/wire\.jsonl/);
  expect(status).toMatch(/line 3/);
  // The duplicate is listed too, with its file and line. Files are read in path order, as the CLI walks them,
  // so archive.zip (and the a1 inside it) comes first and wire.jsonl's line 1 is the copy not added.
  expect(status).toMatch(/wire\.jsonl: line 1: duplicate/);
  expect(status).not.toMatch(/archive\.zip\/dupes\.jsonl: line 1: duplicate/);
  // The analysis ran in the page's index worker, not on the page's own thread.
  expect(options.workers().map((w) => new URL(w.url()).pathname)).toEqual([expect.stringMatching(/^\/assets\/index-worker-[\w-]+\.js$/)]);
});

test('search finds an article by title; one can be deleted', async () => {
  await options.locator('#browse-search').fill('Museum');
  const rows = options.locator('#records-body tr');
  await options.waitForFunction(() => document.querySelectorAll('#records-body tr').length === 1, undefined, { timeout: 15_000 });
  await expect(rows.first().innerText()).resolves.toMatch(/Museum opens, at last/);
  await rows.first().getByRole('button', { name: /delete/i }).click();
  await options.locator('#corpus-total', { hasText: /^5 articles$/ }).waitFor({ timeout: 15_000 });
  // The deletion went through the same worker's index, which is still the only one.
  expect(options.workers()).toHaveLength(1);
  await options.locator('#browse-search').fill('');
  await options.waitForFunction(() => document.querySelectorAll('#records-body tr').length === 5, undefined, { timeout: 15_000 });
});

test('a setting is saved and survives a reload', async () => {
  await options.locator('#min-words').fill('20');
  await options.locator('#min-words').press('Tab');
  await options.locator('#settings-status', { hasText: /saved/i }).waitFor({ timeout: 10_000 });
  await options.reload();
  await expect(options.locator('#min-words').inputValue()).resolves.toBe('20');
});

test('"Clear all" asks first; cancelling keeps everything, confirming empties the corpus', async () => {
  await options.locator('#corpus-total', { hasText: /^5 articles$/ }).waitFor({ timeout: 15_000 });
  await options.locator('#clear-all').click();
  const dialog = options.locator('dialog#clear-dialog');
  await dialog.waitFor({ state: 'visible' });
  await expect(dialog.innerText()).resolves.toMatch(/5 articles/);
  await options.locator('#clear-cancel').click();
  await dialog.waitFor({ state: 'hidden' });
  await expect(options.locator('#corpus-total').innerText()).resolves.toBe('5 articles');
  await options.locator('#clear-all').click();
  await options.locator('#clear-confirm').click();
  await options.locator('#corpus-total', { hasText: /^0 articles$/ }).waitFor({ timeout: 15_000 });
});
