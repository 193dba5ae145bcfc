/**
 * `runImport`: streams the sources through the core importers into IndexedDB, following the consistency
 * rule of api.ts. Records are written in batches tagged with the job's id while the job is `running`
 * (readers skip them); the commit is one transaction that writes the new index snapshot, bumps the
 * generation and marks the job done. Cancelling or any failure deletes the job's records again. The whole
 * import runs under the job's Web Lock (import-jobs.ts): if this page dies, the browser releases the lock
 * and the next context to open the store rolls the job back at once.
 *
 * It runs on the options page's main thread, so it slices its work (time-slicer.ts) and reports
 * progress at most PROGRESS_INTERVAL_MS apart. Analysis and indexing go to the store's `IndexKeeper`
 * (a Worker on extension pages): while it analyses one batch, this thread parses the next and writes the
 * previous one.
 */
import { admissionNote, Deduper, importSources, type ImportIssue, type ImportSource } from '@wiretrace/engine/formats';
import type { ImportProgress, ImportResult, RecordOrigin, RunImportOptions } from '../api';
import { untagCaptured } from './captured-rows';
import { errorName, errorText, isQuotaError, QUOTA_MESSAGE } from '../idb/errors';
import { HEARTBEAT_MS, newImportId, newJob, rollBackJob, withImportLock } from './import-jobs';
import type { IndexKeeper } from '../index/index-keeper';
import { indexSnapshotRow } from '../index/index-snapshot';
import { toRow } from '../idb/record-rows';
import { GENERATION_KEY, SNAPSHOT_KEY, type Db, type RecordRow } from '../idb/schema';
import { placedNote, settleTakenIds, type PlacedRecord, type SettledBatch } from './taken-ids';
import { TimeSlicer } from '../index/time-slicer';
import { abandon, observedDone, Requests } from '../idb/tx-requests';

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

/** Rows handed to IndexedDB in one task of a batch's transaction (≈0.1–0.2 ms of serialisation each). */
export const ADDS_PER_TASK = 100;

/** Progress callbacks at most ten times a second: enough for a smooth bar, cheap for the page. */
export const PROGRESS_INTERVAL_MS = 100;

/** Issues kept in the result: the options page lists the first ones; the count covers all. */
export const MAX_RESULT_ISSUES = 200;

/** What the store gives the import: its database and its writer-side copy of the index. */
export interface ImportContext {
  db: Db;
  /** The working index, owned by the writer (mutated by the import). */
  keeper: IndexKeeper;
  generation(): Promise<number>;
  count(): Promise<number>;
}

/** An import source may say how big it is (a File's `size`), for the progress bar. */
type SizedSource = ImportSource & { size?: number };

/** Thrown when the job was rolled back under the import's feet (taken for dead, or the corpus was cleared). */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export const INTERRUPTED_MESSAGE =
  'The import was interrupted: WireTrace lost track of it (the page was asleep for a long time, or the corpus was cleared meanwhile), so it was undone. Run it again.';
const CONFLICT_MESSAGE = 'Another import added some of the same articles at the same time. Nothing from this import was kept; run it again.';

interface Counts {
  imported: number;
  duplicates: number;
  skipped: number;
}

export function runImport(ctx: ImportContext, sources: readonly ImportSource[], opts: RunImportOptions = {}): Promise<ImportResult> {
  const jobId = newImportId();
  // Held from before the job is written until after its commit or rollback.
  return withImportLock(jobId, () => runLocked(ctx, jobId, sources, opts));
}

async function runLocked(ctx: ImportContext, jobId: string, sources: readonly ImportSource[], opts: RunImportOptions): Promise<ImportResult> {
  const t0 = Date.now();
  const origin: RecordOrigin = opts.origin ?? 'import';
  const counts: Counts = { imported: 0, duplicates: 0, skipped: 0 };
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
      await writeBatch(ctx.db, jobId, rows, counts);
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
async function rowsOf(settled: SettledBatch, origin: RecordOrigin, jobId: string, addedAt: string, counts: Counts): Promise<RecordRow[]> {
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

export async function putJob(db: Db, job: ReturnType<typeof newJob>): Promise<void> {
  const tx = db.transaction('imports', 'readwrite');
  await Promise.all([tx.store.put(job), tx.done]);
}

/** Writes one batch and renews the job's heartbeat, in one transaction; fails if the job was rolled back. */
async function writeBatch(db: Db, jobId: string, rows: RecordRow[], counts: Counts): Promise<void> {
  const tx = db.transaction(['records', 'imports'], 'readwrite');
  const done = observedDone(tx);
  try {
    const imports = tx.objectStore('imports');
    const job = await imports.get(jobId);
    if (!job || job.state !== 'running') throw new InterruptedError(INTERRUPTED_MESSAGE);
    const records = tx.objectStore('records');
    // `add`, not `put`: a row with this id written meanwhile by another context must not be overwritten.
    // Issued ADDS_PER_TASK at a time: each `add` serialises its row on this thread, and the page must
    // get a turn between them (awaiting the requests keeps the transaction open).
    for (let at = 0; at < rows.length; at += ADDS_PER_TASK) {
      const writes = new Requests();
      for (const row of rows.slice(at, at + ADDS_PER_TASK)) writes.add(records.add(row));
      await writes.all();
    }
    await imports.put({ ...job, heartbeat: Date.now(), ...counts });
    await done;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}

/**
 * The commit: the new snapshot, generation + 1 and the job marked done, in one transaction. If another
 * context committed meanwhile, the working index misses its changes: the snapshot is deleted instead, and
 * the next loadIndex rebuilds it from the records. The snapshot bytes are made before the transaction
 * opens (the keeper may be a worker, and a transaction must not wait on anything but its own requests).
 * `captured`: ids of restored captured rows, whose job tag the commit clears (captured-rows.ts).
 */
export async function commit(ctx: ImportContext, jobId: string, workGeneration: number, counts: Counts, captured: readonly string[] = []): Promise<number> {
  const snapshot = counts.imported > 0 ? indexSnapshotRow(await ctx.keeper.serialise(), workGeneration + 1) : null;
  const tx = ctx.db.transaction(['meta', 'imports', 'records'], 'readwrite');
  const done = observedDone(tx);
  try {
    const meta = tx.objectStore('meta');
    const imports = tx.objectStore('imports');
    const [genRow, job] = await Promise.all([meta.get(GENERATION_KEY), imports.get(jobId)]);
    if (!job || job.state !== 'running') throw new InterruptedError(INTERRUPTED_MESSAGE);
    const current = genRow && genRow.key === GENERATION_KEY ? genRow.value : 0;
    const writes = new Requests();
    await untagCaptured(tx.objectStore('records'), captured, writes);
    writes.add(imports.put({ ...job, ...counts, state: 'done', heartbeat: Date.now(), finishedAt: Date.now() }));
    let generation = current;
    if (snapshot) {
      generation = current + 1;
      writes.add(meta.put({ key: GENERATION_KEY, value: generation }));
      if (current === workGeneration) writes.add(meta.put({ ...snapshot, generation }));
      else writes.add(meta.delete(SNAPSHOT_KEY));
    }
    await writes.all();
    await done;
    if (current === workGeneration) ctx.keeper.committed(generation);
    else ctx.keeper.drop();
    return generation;
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}

/** A plain-words message for whatever stopped an import. */
export function failureMessage(e: unknown): string {
  if (isQuotaError(e)) return QUOTA_MESSAGE;
  if (e instanceof InterruptedError) return e.message;
  if (errorName(e) === 'ConstraintError') return CONFLICT_MESSAGE;
  return `The import failed and nothing from it was kept: ${errorText(e)}`;
}

/** Tracks files and bytes, and calls `onProgress` at most every PROGRESS_INTERVAL_MS. */
class ProgressReporter {
  private filesDone = 0;
  private finishedBytes = 0;
  private currentBytes = 0;
  private currentFile: string | null = null;
  private lastReport = 0;
  private readonly bytesTotal: number;

  constructor(
    private readonly sources: readonly SizedSource[],
    private readonly counts: Counts,
    private readonly t0: number,
    private readonly onProgress?: (p: ImportProgress) => void,
  ) {
    // Only meaningful when every source knows its size (Files do); 0 means "unknown" to the UI.
    const sizes = sources.map((s) => s.size);
    this.bytesTotal = sizes.every((s): s is number => typeof s === 'number') ? sizes.reduce((a, b) => a + b, 0) : 0;
  }

  /** `file` is the top-level source being read; a new one means the previous one is finished. */
  bytes(file: string, bytes: number): void {
    if (file !== this.currentFile) {
      if (this.currentFile !== null) {
        this.filesDone++;
        this.finishedBytes += this.currentBytes;
      }
      this.currentFile = file;
    }
    this.currentBytes = bytes;
  }

  maybeReport(): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (now - this.lastReport < PROGRESS_INTERVAL_MS) return;
    this.lastReport = now;
    this.report(false);
  }

  finish(): void {
    this.report(true);
  }

  private report(final: boolean): void {
    if (!this.onProgress) return;
    const elapsed = Math.max(0.001, (Date.now() - this.t0) / 1000);
    const bytesDone = this.finishedBytes + this.currentBytes;
    this.onProgress({
      filesDone: final ? this.sources.length : this.filesDone,
      filesTotal: this.sources.length,
      bytesDone: final && this.bytesTotal > 0 ? this.bytesTotal : bytesDone,
      bytesTotal: this.bytesTotal,
      imported: this.counts.imported,
      duplicates: this.counts.duplicates,
      skipped: this.counts.skipped,
      rate: this.counts.imported / elapsed,
      currentFile: final ? null : this.currentFile,
    });
  }
}
