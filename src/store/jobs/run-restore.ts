/**
 * `restore`: writes the records of a backup into the store, keeping each record's origin and addedAt, under
 * the same commit rule as an import (api.ts): the rows are written in batches tagged with the restore's job
 * while it is `running` (every reader skips them), and one transaction commits. Anything that goes wrong
 * before the commit (a damaged or cut backup, a full disk, cancelling, the page closing) rolls the job back
 * and leaves the corpus as it was.
 *
 * Merge: the import identity rule (taken-ids.ts): a record whose id the corpus holds with the same text is a
 * duplicate and skipped; with another text it is kept under its scoped id (`backup#id`), listed in the notes.
 * The commit is an import's commit.
 *
 * Replace: the working index starts empty and receives only the backup's records. A backup record whose id
 * is already stored cannot be written under that id while the old row must stay visible, so it is written
 * under a staging key (`stagingKey`), hidden like the rest. The commit transaction then, in this order,
 * deletes every row that is not the restore's (the old corpus, and rows of any other import, whose job it
 * also deletes so that import stops, as after "Clear all"), moves the staged rows to their own ids, writes
 * the index snapshot of the new corpus and marks the job done. Readers see the old corpus up to that
 * transaction and the new one after it: never an empty or a mixed one.
 */
import { Deduper, type BackupRecord, type ImportIssue } from '@wiretrace/engine/formats';
import type { CorpusRecord } from '@wiretrace/engine';
import type { ImportResult, RestoreOptions } from '../api';
import { toRow } from '../idb/record-rows';
import { GENERATION_KEY, type RecordRow } from '../idb/schema';
import { abandon, observedDone, Requests } from '../idb/tx-requests';
import { indexSnapshotRow } from '../index/index-snapshot';
import { TimeSlicer } from '../index/time-slicer';
import { untagCaptured } from './captured-rows';
import { commit, putJob } from './commit';
import { MAX_RESULT_ISSUES, type ImportContext, type JobCounts } from './import-context';
import { newImportId, newJob, rollBackJob, withImportLock } from './import-jobs';
import { failureMessage, INTERRUPTED_MESSAGE, InterruptedError } from './job-errors';
import { placedNote, settleTakenIds, type PlacedRecord } from './taken-ids';
import { writeBatch } from './write-batch';

/** The "file" of restored records in the notes and in scoped ids (`backup#17`). */
export const RESTORE_SCOPE = 'backup';

/** Prefix of staging keys. U+0001 sorts before any printable id and no importer produces it. */
const STAGING_PREFIX = '\u0001restore:';

/** Where a replacing restore parks a record whose id the old corpus still holds (see the header). */
export function stagingKey(jobId: string, id: string): string {
  return `${STAGING_PREFIX}${jobId}:${id}`;
}

export function runRestore(ctx: ImportContext, batches: AsyncIterable<readonly BackupRecord[]>, opts: RestoreOptions): Promise<ImportResult> {
  const jobId = newImportId();
  return withImportLock(jobId, () => restoreLocked(ctx, jobId, batches, opts));
}

async function restoreLocked(ctx: ImportContext, jobId: string, batches: AsyncIterable<readonly BackupRecord[]>, opts: RestoreOptions): Promise<ImportResult> {
  const t0 = Date.now();
  const replace = opts.mode === 'replace';
  const counts: JobCounts = { imported: 0, duplicates: 0, skipped: 0 };
  const identity = { renamed: 0, notes: [] as ImportIssue[] };
  const result = async (status: ImportResult['status'], error?: string): Promise<ImportResult> => ({
    status,
    ...counts,
    imported: status === 'done' ? counts.imported : 0,
    renamed: identity.renamed,
    issues: [],
    notes: identity.notes,
    total: await ctx.count().catch(() => 0),
    ...(error ? { error } : {}),
    seconds: (Date.now() - t0) / 1000,
  });

  let workGeneration: number;
  try {
    workGeneration = await ctx.generation();
    // Replace indexes the backup alone; merge adds to the corpus's index (which tells the duplicates).
    // `ensure` first in both modes: it starts the keeper's worker, which a `reset` alone would not.
    workGeneration = await ctx.keeper.ensure(workGeneration);
    if (replace) ctx.keeper.reset(workGeneration);
    await putJob(ctx.db, newJob(jobId, 'import', Date.now()));
  } catch (e) {
    ctx.keeper.drop();
    return result('failed', failureMessage(e));
  }

  const slicer = new TimeSlicer();
  const deduper = new Deduper();
  // Ids of the captured rows written: the commit clears their job tag (captured rows belong to no import).
  const captured: string[] = [];
  const listNote = (note: ImportIssue | null): void => {
    if (note && identity.notes.length < MAX_RESULT_ISSUES) identity.notes.push(note);
  };
  try {
    for await (const batch of batches) {
      opts.signal?.throwIfAborted();
      const placed = batch.map((r, at): PlacedRecord & { at: number } => {
        deduper.claimId(r.id);
        const record: CorpusRecord = { id: r.id, title: r.title, outlet: r.outlet, url: r.url, published: r.published, byline: r.byline, text: r.text };
        return { record, file: RESTORE_SCOPE, line: null, at };
      });
      const indexed = await ctx.keeper.add(placed.map((p) => p.record));
      // Refused ids: merge compares with the stored article (taken-ids.ts); replace starts from an empty
      // index, so there only an id given twice in the backup is refused, and the stored rows are the old corpus.
      const settled = replace
        ? { kept: placed.flatMap((p, i) => (indexed[i] ? [{ placed: p, indexed: indexed[i] }] : [])), duplicates: placed.filter((_, i) => !indexed[i]) }
        : await settleTakenIds(ctx.db, ctx.keeper, deduper, placed, indexed);
      counts.duplicates += settled.duplicates.length;
      for (const p of settled.duplicates) listNote(placedNote(p, true));
      const rows: RecordRow[] = settled.kept.map(({ placed: p, indexed: done }) => {
        if (p.takenId !== undefined) identity.renamed++;
        listNote(placedNote(p, false));
        const r = batch[p.at];
        if (r.origin === 'capture') captured.push(p.record.id);
        return toRow(p.record, done.words, r.origin, jobId, r.addedAt, done);
      });
      // Replace: an id taken by a row of the old corpus is parked under its staging key until the commit.
      await writeBatch(ctx.db, jobId, rows, replace ? { stagingKey: (id) => stagingKey(jobId, id) } : {});
      counts.imported += rows.length;
      opts.onProgress?.(counts.imported);
      await slicer.maybeYield();
    }
    opts.signal?.throwIfAborted();
    if (replace) await commitReplace(ctx, jobId, counts, captured);
    else await commit(ctx, jobId, workGeneration, counts, captured);
    return await result('done');
  } catch (e) {
    ctx.keeper.drop();
    const cancelled = opts.signal?.aborted === true;
    // A damaged backup says what is wrong in its own words; storage failures get the import's wording.
    const message = cancelled ? undefined : e instanceof Error && e.name === 'BackupError' ? e.message : failureMessage(e);
    try {
      await rollBackJob(ctx.db, jobId, cancelled ? 'cancelled' : 'failed', message ?? null);
    } catch {
      // The next open rolls it back (its lock is gone, or its heartbeat stale).
    }
    return result(cancelled ? 'cancelled' : 'failed', message);
  }
}

/** The replacing commit (see the header): one transaction, so the swap is all or nothing. */
async function commitReplace(ctx: ImportContext, jobId: string, counts: JobCounts, captured: readonly string[]): Promise<void> {
  // Made before the transaction opens: the keeper may be a worker, and a transaction waits on nothing else.
  const snapshot = indexSnapshotRow(await ctx.keeper.serialise(), 0);
  const tx = ctx.db.transaction(['records', 'meta', 'imports'], 'readwrite');
  const done = observedDone(tx);
  try {
    const records = tx.objectStore('records');
    const imports = tx.objectStore('imports');
    const meta = tx.objectStore('meta');
    const [job, ours, jobIds, genRow] = await Promise.all([
      imports.get(jobId),
      records.index('importId').getAllKeys(jobId),
      imports.getAllKeys(),
      meta.get(GENERATION_KEY),
    ]);
    if (!job || job.state !== 'running') throw new InterruptedError(INTERRUPTED_MESSAGE);
    const writes = new Requests();
    // 1. Everything that is not ours goes: the gaps between our keys (sorted), as key ranges, so that the
    // old corpus is never read. Staged keys are ours and stay.
    if (ours.length === 0) writes.add(records.clear());
    else {
      writes.add(records.delete(IDBKeyRange.upperBound(ours[0], true)));
      for (let i = 1; i < ours.length; i++) {
        if (ours[i - 1] < ours[i]) writes.add(records.delete(IDBKeyRange.bound(ours[i - 1], ours[i], true, true)));
      }
      writes.add(records.delete(IDBKeyRange.lowerBound(ours[ours.length - 1], true)));
    }
    for (const id of jobIds) if (id !== jobId) writes.add(imports.delete(id));
    // 2. Staged rows move to their own ids (now free). Requests run in order, so the deletes come first.
    const prefix = stagingKey(jobId, '');
    const staged = ours.filter((k) => k.startsWith(prefix));
    const rows = await Promise.all(staged.map((k) => records.get(k)));
    rows.forEach((row, i) => {
      if (!row) return;
      writes.add(records.delete(staged[i]));
      writes.add(records.put({ ...row, id: staged[i].slice(prefix.length) }));
    });
    // Read after the moves (requests run in order), so staged captured rows are found under their own ids.
    await untagCaptured(records, captured, writes);
    // 3. The snapshot describes exactly the rows now left, whatever was committed meanwhile.
    const generation = (genRow && genRow.key === GENERATION_KEY ? genRow.value : 0) + 1;
    writes.add(meta.put({ key: GENERATION_KEY, value: generation }));
    writes.add(meta.put({ ...snapshot, generation }));
    const now = Date.now();
    writes.add(imports.put({ ...job, ...counts, state: 'done', heartbeat: now, finishedAt: now }));
    await writes.all();
    await done;
    ctx.keeper.committed(generation);
  } catch (e) {
    throw await abandon(tx, done, e);
  }
}
