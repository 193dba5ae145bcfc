/** The corpus figures at the top of the options page: articles, outlets, storage used and persistence. */
import browser from 'webextension-polyfill';
import { byId } from '../shared/dom';
import { t, tCount } from '../shared/i18n';
import { formatBytes } from './progress-text';

/** storage.local key where the background records whether `navigator.storage.persist()` was granted. */
export const PERSISTED_KEY = 'persisted';

export function showCorpusFigures(total: number, outlets: number): void {
  byId('corpus-total').textContent = tCount(total, 'articlesOne', 'articlesMany');
  byId('corpus-outlets').textContent = tCount(outlets, 'outletsOne', 'outletsMany');
}

export function showCorpusUnavailable(): void {
  byId('corpus-total').textContent = t('optionsUnavailable');
  byId('corpus-outlets').textContent = t('optionsUnavailable');
}

/** Storage used by the extension, when the browser says (`navigator.storage.estimate`). */
export async function showStorageUsed(): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate || typeof estimate.usage !== 'number') return;
  byId('storage-used').textContent = formatBytes(estimate.usage);
  byId('storage-used-row').hidden = false;
}

/**
 * Whether the browser may evict the corpus under storage pressure. The background asks for persistent
 * storage and records the answer; before it has, the page asks the browser itself.
 */
export async function showPersistence(): Promise<void> {
  let persisted: boolean | null = null;
  try {
    const got = await browser.storage.local.get(PERSISTED_KEY);
    if (typeof got[PERSISTED_KEY] === 'boolean') persisted = got[PERSISTED_KEY];
  } catch {
    // storage.local unavailable: fall through to the browser's own answer.
  }
  if (persisted === null) persisted = (await navigator.storage?.persisted?.().catch(() => null)) ?? null;
  if (persisted === null) return;
  byId('storage-persisted').textContent = t(persisted ? 'optionsPersistent' : 'optionsNotPersistent');
  byId('storage-persisted-row').hidden = false;
}
