/**
 * An in-memory CorpusStore for the page tests. Imports go through the real importers (src/core/formats/import), so
 * the pages are tested against real summaries; a cancelled or failed import adds nothing, as the contract says.
 */
import { importSources, type ImportIssue, type ImportSource, type BackupRecord } from '@wiretrace/engine/formats';
import { MemoryCorpus, type CorpusRecord } from '@wiretrace/engine';
import { capturedToEvict } from '../../../src/store/corpus/capture-limits';
import type { CaptureLimits } from '../../../src/shared/settings';
import { HISTORY_LIMIT, type HistoryEntry } from '../../../src/store/history/history-entry';
import {
  SCHEMA_VERSION,
  type CorpusStore,
  type OriginStats,
  type ImportProgress,
  type ImportResult,
  type ListQuery,
  type RecordOrigin,
  type RecordSummary,
  type RestoreMode,
  type RestoreOptions,
  type RunImportOptions,
  type StoredRecord,
} from '../../../src/store/api';

const ISSUES_KEPT = 1000;

export function storedRecord(record: Partial<CorpusRecord> & { id: string }, origin: RecordOrigin = 'import'): StoredRecord {
  const text = record.text ?? `Text of ${record.id}`;
  return {
    v: SCHEMA_VERSION,
    origin,
    importId: null,
    addedAt: new Date(0).toISOString(),
    words: text.split(/\s+/).filter(Boolean).length,
    title: null,
    outlet: null,
    url: null,
    published: null,
    ...record,
    text,
  };
}

const textKey = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

export class FakeStore implements CorpusStore {
  readonly records = new Map<string, StoredRecord>();
  readonly importCalls: { sources: ImportSource[]; opts: RunImportOptions }[] = [];
  readonly deleteCalls: string[][] = [];
  clearCalls = 0;
  private gen = 0;
  /** While set, an import reports its first progress and then waits for this (or for its abort). */
  hold: Promise<void> | null = null;

  constructor(records: StoredRecord[] = []) {
    for (const r of records) this.records.set(r.id, r);
  }

  async count(): Promise<number> {
    return this.records.size;
  }

  async generation(): Promise<number> {
    return this.gen;
  }

  async getRecord(id: string): Promise<StoredRecord | undefined> {
    return this.records.get(id);
  }

  async getRecords(ids: readonly string[]): Promise<(StoredRecord | undefined)[]> {
    return ids.map((id) => this.records.get(id));
  }

  async list(query: ListQuery = {}): Promise<{ total: number; records: RecordSummary[] }> {
    const search = query.search?.toLowerCase();
    const outlet = query.outlet?.toLowerCase();
    const rows = [...this.records.values()].filter((r) => {
      if (search && ![r.title, r.outlet, r.url].some((f) => f?.toLowerCase().includes(search))) return false;
      if (outlet && r.outlet?.toLowerCase() !== outlet) return false;
      if (query.from && (!r.published || r.published < query.from)) return false;
      if (query.to && (!r.published || r.published.slice(0, query.to.length) > query.to)) return false;
      return true;
    });
    const by = (a: string | null, b: string | null): number => (a ?? '').localeCompare(b ?? '');
    const sort = query.sort ?? 'published-desc';
    rows.sort((a, b) =>
      sort === 'title' ? by(a.title, b.title) : sort === 'published-asc' ? by(a.published, b.published) : sort === 'added-desc' ? by(b.addedAt, a.addedAt) : by(b.published, a.published),
    );
    const offset = query.offset ?? 0;
    const page = rows.slice(offset, offset + (query.limit ?? rows.length));
    return { total: rows.length, records: page.map(({ text: _text, ...summary }) => summary) };
  }

  async outlets(): Promise<{ outlet: string; count: number }[]> {
    const counts = new Map<string, number>();
    for (const r of this.records.values()) if (r.outlet) counts.set(r.outlet, (counts.get(r.outlet) ?? 0) + 1);
    return [...counts].map(([outlet, count]) => ({ outlet, count })).sort((a, b) => b.count - a.count);
  }

  async deleteRecords(ids: readonly string[]): Promise<number> {
    this.deleteCalls.push([...ids]);
    let deleted = 0;
    for (const id of ids) if (this.records.delete(id)) deleted++;
    if (deleted) this.gen++;
    return deleted;
  }

  async clear(): Promise<void> {
    this.clearCalls++;
    this.records.clear();
    this.gen++;
  }

  async originStats(): Promise<Record<RecordOrigin, OriginStats>> {
    const of = (origin: RecordOrigin): OriginStats => {
      const rows = [...this.records.values()].filter((r) => r.origin === origin);
      return {
        articles: rows.length,
        textBytes: rows.reduce((n, r) => n + new TextEncoder().encode(r.text).length, 0),
        oldest: rows.reduce<string | null>((m, r) => (m === null || r.addedAt < m ? r.addedAt : m), null),
      };
    };
    return { import: of('import'), capture: of('capture') };
  }

  async clearOrigin(origin: RecordOrigin): Promise<number> {
    return this.deleteRecords([...this.records.values()].filter((r) => r.origin === origin).map((r) => r.id));
  }

  async evictCaptured(limits: CaptureLimits, now: number = Date.now()): Promise<string[]> {
    const captured = [...this.records.values()].filter((r) => r.origin === 'capture');
    const doomed = capturedToEvict(
      captured.map((r) => ({ id: r.id, addedAt: r.addedAt, textBytes: new TextEncoder().encode(r.text).length })),
      limits,
      now,
    );
    if (doomed.length) await this.deleteRecords(doomed);
    return doomed;
  }

  async *exportJsonl(): AsyncIterable<string> {
    for (const r of this.records.values()) {
      const { id, title, outlet, url, published, text } = r;
      yield `${JSON.stringify({ id, title, outlet, url, published, text })}\n`;
    }
  }

  async *exportRecords(): AsyncIterable<StoredRecord[]> {
    yield [...this.records.values()];
  }

  readonly restoreCalls: RestoreOptions[] = [];

  /** All or nothing, as the real store: the records are gathered first and applied only if the source ends well. */
  async restore(batches: AsyncIterable<readonly BackupRecord[]>, opts: RestoreOptions): Promise<ImportResult> {
    this.restoreCalls.push(opts);
    const started = Date.now();
    const incoming = new Map<string, StoredRecord>();
    let duplicates = 0;
    const base = { skipped: 0, renamed: 0, issues: [], notes: [], seconds: 0 };
    try {
      for await (const batch of batches) {
        for (const r of batch) {
          if (incoming.has(r.id) || (opts.mode === 'merge' && this.records.has(r.id))) duplicates++;
          else incoming.set(r.id, { ...storedRecord(r, r.origin), addedAt: r.addedAt });
        }
        opts.onProgress?.(incoming.size);
      }
    } catch (e) {
      return { ...base, status: 'failed', imported: 0, duplicates, total: this.records.size, error: e instanceof Error ? e.message : String(e) };
    }
    if (opts.mode === 'replace') this.records.clear();
    for (const [id, r] of incoming) this.records.set(id, r);
    this.gen++;
    return { ...base, status: 'done', imported: incoming.size, duplicates, total: this.records.size, seconds: (Date.now() - started) / 1000 };
  }

  async loadIndex(): Promise<{ corpus: MemoryCorpus; generation: number }> {
    const corpus = new MemoryCorpus();
    for (const r of this.records.values()) corpus.add(r);
    return { corpus, generation: this.gen };
  }

  async runImport(sources: ImportSource[], opts: RunImportOptions = {}): Promise<ImportResult> {
    this.importCalls.push({ sources, opts });
    const started = Date.now();
    const ids = new Set(this.records.keys());
    const texts = new Set([...this.records.values()].map((r) => textKey(r.text)));
    const added: StoredRecord[] = [];
    const issues: ImportIssue[] = [];
    let duplicates = 0;
    let skipped = 0;
    const files = new Set<string>();
    const progress = (currentFile: string | null): void =>
      opts.onProgress?.({
        filesDone: Math.max(0, files.size - 1),
        filesTotal: sources.length,
        bytesDone: 0,
        bytesTotal: 0,
        imported: added.length,
        duplicates,
        skipped,
        rate: 0,
        currentFile,
      } satisfies ImportProgress);
    const result = (status: ImportResult['status'], error?: string): ImportResult => ({
      status,
      imported: status === 'done' ? added.length : 0,
      duplicates,
      skipped,
      issues,
      renamed: 0,
      notes: [],
      total: this.records.size,
      error,
      seconds: (Date.now() - started) / 1000,
    });
    try {
      progress(null);
      if (this.hold) {
        await Promise.race([
          this.hold,
          new Promise<never>((_, reject) => opts.signal?.addEventListener('abort', () => reject(opts.signal!.reason))),
        ]);
      }
      for await (const event of importSources(sources, { signal: opts.signal, extractHtml: opts.extractHtml })) {
        if (event.type === 'record') {
          files.add(event.file);
          const key = textKey(event.record.text);
          if (ids.has(event.record.id) || texts.has(key)) {
            duplicates++;
          } else {
            ids.add(event.record.id);
            texts.add(key);
            added.push({ ...storedRecord(event.record, opts.origin ?? 'import'), addedAt: new Date().toISOString() });
          }
        } else if (event.type === 'issue') {
          skipped++;
          if (issues.length < ISSUES_KEPT) issues.push(event.issue);
        } else {
          files.add(event.file);
          progress(event.file);
        }
      }
    } catch (e) {
      if (opts.signal?.aborted) return result('cancelled');
      return result('failed', e instanceof Error ? e.message : String(e));
    }
    for (const r of added) this.records.set(r.id, r);
    if (added.length) this.gen++;
    return result('done');
  }

  async addRecords(records: CorpusRecord[], origin: RecordOrigin = 'capture'): Promise<ImportResult> {
    for (const r of records) this.records.set(r.id, storedRecord(r, origin));
    this.gen++;
    return { status: 'done', imported: records.length, duplicates: 0, renamed: 0, skipped: 0, issues: [], notes: [], total: this.records.size, seconds: 0 };
  }

  /** The reading history by key (same rules as the IndexedDB store: replace by key, oldest evicted past the limit). */
  readonly history = new Map<string, HistoryEntry>();

  async putHistory(entry: HistoryEntry, limit: number = HISTORY_LIMIT): Promise<number> {
    this.history.set(entry.key, entry);
    const doomed = [...this.history.values()]
      .filter((e) => e.key !== entry.key)
      .sort((a, b) => (a.checkedAt < b.checkedAt ? -1 : a.checkedAt > b.checkedAt ? 1 : 0))
      .slice(0, Math.max(0, this.history.size - limit));
    for (const e of doomed) this.history.delete(e.key);
    return doomed.length;
  }

  async listHistory(): Promise<HistoryEntry[]> {
    return [...this.history.values()].sort((a, b) => (a.checkedAt < b.checkedAt ? 1 : a.checkedAt > b.checkedAt ? -1 : 0));
  }

  async restoreHistory(entries: readonly HistoryEntry[], mode: RestoreMode): Promise<number> {
    if (mode === 'replace') this.history.clear();
    let written = 0;
    for (const e of entries) {
      const old = this.history.get(e.key);
      if (old && old.checkedAt >= e.checkedAt) continue;
      this.history.set(e.key, e);
      written++;
    }
    return written;
  }

  async clearHistory(): Promise<number> {
    const n = this.history.size;
    this.history.clear();
    return n;
  }

  close(): void {}
}
