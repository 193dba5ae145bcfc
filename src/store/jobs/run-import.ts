/**
 * `runImport`: streams the sources through the core importers into IndexedDB, following the consistency
 * rule of api.ts. Records are written in batches (write-batch.ts) tagged with the job's id while the job is
 * `running` (readers skip them); the commit (commit.ts) is one transaction that writes the new index
 * snapshot, bumps the generation and marks the job done. Cancelling or any failure deletes the job's
 * records again. The whole import runs under the job's Web Lock (import-jobs.ts): if this page dies, the
 * browser releases the lock and the next context to open the store rolls the job back at once.
 *
 * It runs on the options page's main thread, so it slices its work (time-slicer.ts) and reports progress
 * at most PROGRESS_INTERVAL_MS apart (import-progress.ts). Analysis and indexing go to the store's
 * `IndexKeeper` (a Worker on extension pages): while it analyses one batch, this thread parses the next
 * and writes the previous one.
 */
import { admissionNote, Deduper, importSources, type ImportIssue, type ImportSource } from '@wiretrace/engine/formats';
import type { ImportResult, RecordOrigin, RunImportOptions } from '../api';
import { toRow } from '../idb/record-rows';
import type { RecordRow } from '../idb/schema';
import { TimeSlicer } from '../index/time-slicer';
import { commit, putJob } from './commit';
import { MAX_RESULT_ISSUES, type ImportContext, type JobCounts } from './import-context';
import { HEARTBEAT_MS, newImportId, newJob, rollBackJob, withImportLock } from './import-jobs';
import { ProgressReporter, type SizedSource } from './import-progress';
import { failureMessage } from './job-errors';
import { placedNote, settleTakenIds, type PlacedRecord, type SettledBatch } from './taken-ids';
import { writeBatch } from './write-batch';

/**
 * Records per write transaction. Batch size barely changes IndexedDB throughput (toolchain notes:
 * 100–10,000 all ≈15–17k records/s); 1,000 keeps a batch of texts at a few MB and the records of a
 * cancelled import few enough to delete quickly.
 */
export const BATCH_RECORDS = 1_000;

/**
 * Batches between parsing and their committed write: two let this thread parse batch k+1 while the
 * worker analyses batch k and IndexedDB commits batch k−1; more would only hold more texts in memory.
 */
export const BATCHES_IN_FLIGHT = 2;

export function runImport(ctx: ImportContext, sources: readonly ImportSource[], opts: RunImportOptions = {}): Promise<ImportResult> {
  const jobId = newImportId();
  // Held from before the job is written until after its commit or rollback.
  return withImportLock(jobId, () => runLocked(ctx, jobId, sources, opts));
}

async function runLocked(ctx: ImportContext, jobId: string, sources: readonly ImportSource[], opts: RunImportOptions): Promise<ImportResult> {
  const t0 = Date.now();
  const origin: RecordOrigin = opts.origin ?? 'import';
  const counts: JobCounts = { imported: 0, duplicates: 0, skipped: 0 };
  const issues: ImportIssue[] = [];
  // Duplicates and renamed records, listed apart from the skipped ones (see `Deduper.admit`).
  const identity = { renamed: 0, notes: [] as ImportIssue[] };
  const listNote = (note: ImportIssue | null): void => {
    if (note && identity.notes.length < MAX_RESULT_ISSUES) identity.notes.push(note);
  };
  const seconds = (): number => (Date.now() - t0) / 1000;
  const result = async (status: ImportResult['status'], error?: string): Promise<ImportResult> => {
    let total = 0;
    try {
      total = await ctx.count();
    } catch {
      // the storage itself is failing; the error says so
    }
    // `imported` counts articles now in the corpus: none when the import was undone.
    const imported = status === 'done' ? counts.imported : 0;
    return { status, ...counts, imported, renamed: identity.renamed, issues, notes: identity.notes, total, ...(error ? { error } : {}), seconds: seconds() };
  };

  let workGeneration: number;
  try {
    workGeneration = await ctx.keeper.ensure(await ctx.generation());
    await putJob(ctx.db, newJob(jobId, origin, Date.now()));
  } catch (e) {
    return result('failed', failureMessage(e));
  }

  const progress = new ProgressReporter(sources as readonly SizedSource[], counts, t0, opts.onProgress);
  const slicer = new TimeSlicer();
  const addedAt = new Date().toISOString();
  const deduper = new Deduper();
  let batch: PlacedRecord[] = [];
  let lastDispatch = Date.now();
  // Batches handed on: each is analysed by the keeper, then its rows are made and written, the writes in
  // order (`writes` chains them). Up to BATCHES_IN_FLIGHT are pending while this thread parses the next,
  // so that parsing overlaps both the worker's analysis and IndexedDB's commit. A failure surfaces when
  // its batch is awaited (at a later dispatch or at the end).
  let writes: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];

  const dispatch = async (): Promise<void> => {
    const placed = batch;
    batch = [];
    lastDispatch = Date.now();
    const analysed = ctx.keeper.add(placed.map((p) => p.record));
    analysed.catch(() => undefined); // observed through `written`
    const previous = writes;
    const written = (async () => {
      // Ids the corpus holds already: a duplicate, or another article that takes its scoped id (taken-ids.ts).
      const settled = await settleTakenIds(ctx.db, ctx.keeper, deduper, placed, await analysed);
      counts.duplicates += settled.duplicates.length;
      for (const p of settled.duplicates) listNote(placedNote(p, true));
      for (const { placed: p } of settled.kept) {
        if (p.takenId !== undefined) identity.renamed++;
        listNote(placedNote(p, false));
      }
      const rows = await rowsOf(settled, origin, jobId, addedAt, counts);
      await previous;
      await writeBatch(ctx.db, jobId, rows, { counts });
    })();
    written.catch(() => undefined); // awaited below or at the end
    writes = written;
    inFlight.push(written);
    while (inFlight.length > BATCHES_IN_FLIGHT) await inFlight.shift();
    slicer.yielded();
  };

  try {
    for await (const event of importSources(sources, { signal: opts.signal, extractHtml: opts.extractHtml })) {
      if (event.type === 'record') {
        // Duplicates within this import are caught here; an id the corpus already holds, by the keeper.
        const admission = deduper.admit(event.record, event.file);
        if (admission.kind === 'duplicate') {
          counts.duplicates++;
          listNote(admissionNote(admission, event.file, event.line));
        } else {
          const takenId = admission.kind === 'renamed' ? { takenId: admission.takenId } : {};
          batch.push({ record: admission.record, file: event.file, line: event.line, ...takenId });
        }
      } else if (event.type === 'issue') {
        counts.skipped++;
        if (issues.length < MAX_RESULT_ISSUES) issues.push(event.issue);
      } else {
        progress.bytes(event.file, event.bytes);
      }
      // Each write renews the heartbeat; when a beat is due, the rows so far go with it (so a slow import,
      // such as HTML extraction, also shows its work).
      if (batch.length >= BATCH_RECORDS || Date.now() - lastDispatch >= HEARTBEAT_MS) await dispatch();
      progress.maybeReport();
      await slicer.maybeYield();
    }
    if (batch.length > 0) await dispatch();
    await writes;
    opts.signal?.throwIfAborted();
    await commit(ctx, jobId, workGeneration, counts);
    progress.finish();
    return await result('done');
  } catch (e) {
    await Promise.allSettled(inFlight);
    ctx.keeper.drop();
    const cancelled = opts.signal?.aborted === true;
    const message = cancelled ? undefined : failureMessage(e);
    try {
      await rollBackJob(ctx.db, jobId, cancelled ? 'cancelled' : 'failed', message ?? null);
    } catch {
      // Could not delete now (storage failing): once this import's lock is released (or, without Web Locks,
      // its heartbeat is stale) the next open rolls it back.
    }
    return result(cancelled ? 'cancelled' : 'failed', message);
  }
}

/** Rows for the records the keeper indexed. */
async function rowsOf(settled: SettledBatch, origin: RecordOrigin, jobId: string, addedAt: string, counts: JobCounts): Promise<RecordRow[]> {
  // Texts come deflated from the keeper; without a worker that deflating was the keeper's, in slices.
  const slicer = new TimeSlicer();
  const rows: RecordRow[] = [];
  for (const { placed, indexed } of settled.kept) {
    rows.push(toRow(placed.record, indexed.words, origin, jobId, addedAt, indexed));
    counts.imported++;
    await slicer.maybeYield();
  }
  return rows;
}
