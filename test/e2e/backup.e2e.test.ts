/**
 * Backup and restore in Chromium, on the built extension: import the demo corpus, set a setting, record the
 * demo page's matches; download a backup; clear everything (corpus and settings); restore it (merge into the
 * empty corpus, with its settings): the demo page gives the same matches and the settings are back. Then a
 * different corpus is replaced by the same backup, dropped on the ordinary "Import files" picker (it is
 * recognised and routed to the restore dialog), after the confirmation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TabResults } from '../../src/shared/messages';
import { importReady, launchChromium, ROOT, serveDirectory, type ChromiumExtension, type StaticServer } from '../../tools/browser';

const DEMO_CORPUS = join(ROOT, 'data/demo-corpus.jsonl');

let server: StaticServer;
let profileDir: string;
let workDir: string;
let ext: ChromiumExtension;

beforeAll(async () => {
  server = await serveDirectory(join(ROOT, 'data'));
  profileDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-backup-profile-'));
  workDir = mkdtempSync(join(tmpdir(), 'wiretrace-e2e-backup-'));
  ext = await launchChromium({ profileDir });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  for (const dir of [profileDir, workDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The demo page's matches as compared: source ids, spans, coverage, seenAt. */
async function demoMatches(): Promise<unknown> {
  const page = await ext.context.newPage();
  await page.goto(server.url('demo/index.html'));
  const tabId = await ext.tabIdOf(page);
  const results: TabResults = await ext.waitForTabResults(tabId, { timeoutMs: 60_000, until: (r) => r.status !== 'checking' && (r.status !== 'done' || r.highlighted.length > 0) });
  await page.close();
  expect(results.status).toBe('done');
  return results.report!.matches.map((m) => ({ id: m.source.id, seenAt: m.source.seenAt ?? null, coverage: m.coverage, spans: m.spans }));
}

/** The stored settings, without `savedAt` (when they were saved: a restore saves them anew, by design). */
async function storedSettings(page: Page): Promise<unknown> {
  const stored = (await page.evaluate(async () => (await chrome.storage.local.get('settings')).settings)) as Record<string, unknown> | undefined;
  if (!stored) return stored;
  const { savedAt: _savedAt, ...settings } = stored;
  return settings;
}

async function options(): Promise<Page> {
  const page = await ext.openExtensionPage('src/ui/options/index.html');
  await importReady(page);
  await page.locator('#backup-export:enabled').waitFor({ timeout: 30_000 });
  return page;
}

let backupPath = '';
let before: unknown;
let settingsBefore: unknown;

test('a backup restored (merge) after clearing everything gives the same matches and settings', async () => {
  await ext.importThroughOptions([DEMO_CORPUS], /\b4 articles\b/);
  let page = await options();
  // A setting away from its default, that does not change the demo's matches.
  await page.locator('#outlet-input').fill('Nobody Press');
  await page.locator('#outlet-form button[type=submit]').click();
  await page.locator('#outlet-list', { hasText: 'Nobody Press' }).waitFor();
  settingsBefore = await storedSettings(page);
  expect(settingsBefore).toMatchObject({ ignoredOutlets: ['Nobody Press'] });
  before = await demoMatches();
  expect((before as unknown[]).length).toBeGreaterThan(0);

  const download = page.waitForEvent('download');
  await page.locator('#backup-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^wiretrace-backup-\d{4}-\d\d-\d\d\.jsonl\.gz$/);
  backupPath = join(workDir, file.suggestedFilename());
  await file.saveAs(backupPath);
  await page.locator('#backup-status', { hasText: /Backup saved/ }).waitFor();

  // Clear all, and the settings back to their defaults.
  await page.locator('#clear-all').click();
  await page.locator('#clear-confirm').click();
  await page.locator('#corpus-total', { hasText: /^0 articles$|\b0\b/ }).waitFor();
  await page.evaluate(() => chrome.storage.local.remove('settings'));
  await page.close();

  page = await options();
  expect(await storedSettings(page)).toBeUndefined();
  await page.locator('#backup-restore-file').setInputFiles(backupPath);
  await page.locator('#restore-dialog[open]').waitFor();
  await page.locator('#restore-settings').check();
  await page.locator('#restore-merge').click();
  await page.locator('#backup-status', { hasText: /Restored 4 articles/ }).waitFor({ timeout: 60_000 });
  await page.locator('#corpus-total', { hasText: /\b4 articles\b/ }).waitFor();
  expect(await storedSettings(page)).toEqual(settingsBefore);
  await page.close();
  expect(await demoMatches()).toEqual(before);
});

test('replace: a different corpus is replaced by the backup after the confirmation, via the ordinary import picker', async () => {
  const other = join(workDir, 'other.jsonl');
  const lines = [0, 1, 2].map((i) => JSON.stringify({ id: `other-${i}`, title: `Other ${i}`, outlet: 'Elsewhere', text: `An unrelated article number ${i} about gardening, weather and the price of tomatoes in spring.` }));
  writeFileSync(other, `${lines.join('\n')}\n`);
  let page = await options();
  await page.locator('#clear-all').click();
  await page.locator('#clear-confirm').click();
  await page.locator('#corpus-total', { hasText: /\b0\b/ }).waitFor();
  await page.evaluate(() => chrome.storage.local.set({ settings: { v: 1, minWords: 30 } }));
  await page.close();
  await ext.importThroughOptions([other], /\b3 articles\b/);

  page = await options();
  await page.getByLabel('Import files', { exact: true }).setInputFiles(backupPath);
  await page.locator('#import-status', { hasText: /is a WireTrace backup/ }).waitFor();
  await page.locator('#restore-dialog[open]').waitFor();
  await page.locator('#restore-replace').click();
  await page.locator('#replace-dialog[open]').waitFor();
  await page.locator('#replace-confirm').click();
  await page.locator('#backup-status', { hasText: /Restored|Nothing/ }).waitFor({ timeout: 60_000 });
  expect(await page.locator('#backup-status').textContent()).toMatch(/Restored 4 articles/);
  await page.locator('#corpus-total', { hasText: /\b4 articles\b/ }).waitFor();
  expect(await storedSettings(page)).toEqual(settingsBefore);
  await page.locator('#browse-search').fill('Other');
  await page.locator('#records-body tr').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  expect(await page.locator('#records-body', { hasText: 'Other 1' }).count()).toBe(0);
  await page.close();
  expect(await demoMatches()).toEqual(before);
});
