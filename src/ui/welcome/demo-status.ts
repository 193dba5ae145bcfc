/** Wording of the demo corpus's import result (pure). */
import type { ImportResult } from '../../store/api';
import { countLabel } from '../shared/dom';

export function demoStatusText(r: ImportResult): string {
  if (r.status === 'cancelled') return 'Loading the demo corpus was cancelled.';
  if (r.status === 'failed') return `The demo corpus could not be loaded: ${r.error ?? 'unknown error'}`;
  const already = r.duplicates > 0 ? ` (${countLabel(r.duplicates, 'article was', 'articles were')} already in your corpus)` : '';
  return `Loaded: ${countLabel(r.imported, 'article', 'articles')}${already}. Your corpus now holds ${countLabel(r.total, 'article', 'articles')}.`;
}
