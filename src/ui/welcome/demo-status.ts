/** Wording of the demo corpus's import result (pure). */
import type { ImportResult } from '../../store/api';
import { t, tCount } from '../shared/i18n';

export function demoStatusText(r: ImportResult): string {
  if (r.status === 'cancelled') return t('welcomeDemoCancelled');
  if (r.status === 'failed') return t('welcomeDemoFailed', r.error ?? t('unknownError'));
  const imported = tCount(r.imported, 'articlesOne', 'articlesMany');
  const total = tCount(r.total, 'articlesOne', 'articlesMany');
  if (r.duplicates === 0) return t('welcomeLoaded', imported, total);
  return t('welcomeLoadedDuplicates', imported, tCount(r.duplicates, 'articlesWereOne', 'articlesWereMany'), total);
}
