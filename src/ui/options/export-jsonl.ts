/** "Export JSONL": the whole corpus as one JSON Lines file, importable again. */
import type { CorpusStore } from '../../store/api';

export const EXPORT_MIME = 'application/x-ndjson';

/** "wiretrace-corpus-2024-03-01.jsonl" (the local date, so the name matches the reader's calendar). */
export function exportFileName(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `wiretrace-corpus-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.jsonl`;
}

/** The export as a Blob; the store hands it out in chunks, and the Blob keeps them without joining strings. */
export async function exportBlob(store: Pick<CorpusStore, 'exportJsonl'>): Promise<Blob> {
  const parts: string[] = [];
  for await (const chunk of store.exportJsonl()) parts.push(chunk);
  return new Blob(parts, { type: EXPORT_MIME });
}

export { downloadBlob } from '../shared/download';
