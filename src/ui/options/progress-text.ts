/** Wording of import progress and summaries (pure, so tests can call it). */
import type { ImportProgress, ImportResult } from '../../store/api';
import { t, tCount } from '../shared/i18n';

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

export function formatNumber(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "1,234 articles · 3 of 5 files · 2,100/s" (the speed once there is one). */
export function progressText(p: ImportProgress): string {
  const parts = [tCount(p.imported, 'articlesOne', 'articlesMany'), t('importFilesOf', formatNumber(p.filesDone), tCount(p.filesTotal, 'filesOne', 'filesMany'))];
  if (p.rate > 0) parts.push(t('importRate', formatNumber(p.rate)));
  return parts.join(' · ');
}

/**
 * Share done, 0..1, for the `<progress>` bar: by bytes when the store knows the sizes (files differ widely
 * in size), else by files.
 */
export function progressFraction(p: ImportProgress): number {
  if (p.bytesTotal > 0) return Math.min(1, p.bytesDone / p.bytesTotal);
  if (p.filesTotal > 0) return Math.min(1, p.filesDone / p.filesTotal);
  return 0;
}

/** "12.3 MB" for storage figures. */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return t('sizeGb', (bytes / GB).toFixed(1));
  if (bytes >= MB) return t('sizeMb', (bytes / MB).toFixed(1));
  if (bytes >= KB) return t('sizeKb', String(Math.round(bytes / KB)));
  return tCount(bytes, 'bytesOne', 'bytesMany');
}

/** The summary's first line. */
export function resultHeadline(r: ImportResult): string {
  switch (r.status) {
    case 'done':
      return t('importDone', tCount(r.imported, 'articlesOne', 'articlesMany'));
    case 'cancelled':
      // The store rolls a cancelled import back (see the consistency rule in src/store/api.ts).
      return t('importCancelled');
    case 'failed':
      return t('importFailed', r.error ?? t('unknownError'));
  }
}

/** The summary's counts after the headline, e.g. "12 duplicates not added · 3 skipped · 1,240 articles in your corpus". */
export function resultDetails(r: ImportResult): string {
  const parts: string[] = [];
  if (r.status === 'done') {
    if (r.duplicates > 0) parts.push(t('importDuplicates', tCount(r.duplicates, 'duplicatesOne', 'duplicatesMany')));
    if (r.renamed > 0) parts.push(t('importRenamed', formatNumber(r.renamed)));
    if (r.skipped > 0) parts.push(t('importSkipped', formatNumber(r.skipped)));
  }
  parts.push(t('importInCorpus', tCount(r.total, 'articlesOne', 'articlesMany')));
  return parts.join(' · ');
}

/** One issue as one line, said as the CLI says it (the engine's formats own the wording). */
export { issueText } from '@wiretrace/engine/formats';
