/** The importer's entry point: many sources in, a stream of records, issues and progress out. */
import { FileContext } from './file-context';
import { FileSink } from './file-sink';
import { MAX_SLICE_BYTES } from './limits';
import { isSkippedPath } from './skipped-paths';
import type { ImportEvent, ImportOptions, ImportSource } from './types';

/**
 * Imports the sources one after another, streaming each file chunk by chunk. Events of a file come in file
 * order; a file that cannot be read gives an issue and the import goes on with the next one. Hidden files
 * and `__MACOSX` folders (any path segment starting with a dot) are skipped without an event; project files
 * (README, LICENSE, CHANGELOG…) give an issue each (skipped-paths.ts).
 *
 * Cancelling: `opts.signal` is checked before every event and before every chunk. Once it is aborted the
 * generator throws `signal.reason` (a `DOMException` named `AbortError` unless `abort(reason)` gave another
 * one) and closes the source being read. Breaking out of a `for await` loop also stops the import cleanly.
 */
export async function* importSources(
  sources: Iterable<ImportSource> | AsyncIterable<ImportSource>,
  opts: ImportOptions = {},
): AsyncGenerator<ImportEvent> {
  const signal = opts.signal;
  signal?.throwIfAborted();
  for await (const source of sources) {
    signal?.throwIfAborted();
    if (isSkippedPath(source.path)) continue;
    yield* importOne(source, opts);
  }
}

async function* importOne(source: ImportSource, opts: ImportOptions): AsyncGenerator<ImportEvent> {
  const signal = opts.signal;
  const queue: ImportEvent[] = [];
  const ctx = new FileContext(source.path, (event) => queue.push(event), opts, 0);
  const sink = new FileSink(ctx);

  function* drain(): Generator<ImportEvent> {
    // Index-based so events queued while we yield are not lost; the queue is emptied at the end.
    for (let i = 0; i < queue.length; i++) {
      signal?.throwIfAborted();
      const event = queue[i];
      queue[i] = undefined as unknown as ImportEvent; // let the consumer's copy be the only one
      yield event;
    }
    queue.length = 0;
  }

  let iterator: AsyncIterator<Uint8Array> | null = null;
  let finished = false;
  let bytes = 0;
  try {
    try {
      iterator = source.chunks()[Symbol.asyncIterator]();
    } catch (e) {
      ctx.fileIssue(`could not read file (${errorMessage(e)})`);
      yield* drain();
      return;
    }
    for (;;) {
      signal?.throwIfAborted();
      let step: IteratorResult<Uint8Array>;
      try {
        step = await iterator.next();
      } catch (e) {
        finished = true; // a throwing iterator is already closed
        sink.abandon();
        ctx.fileIssue(`could not read file (${errorMessage(e)}); records read before were kept`);
        yield* drain();
        return;
      }
      if (step.done) {
        finished = true;
        break;
      }
      const chunk = step.value;
      for (let at = 0; at < chunk.length; at += MAX_SLICE_BYTES) {
        const slice = chunk.length <= MAX_SLICE_BYTES ? chunk : chunk.subarray(at, at + MAX_SLICE_BYTES);
        sink.push(slice);
        bytes += slice.length;
        yield* drain();
        yield { type: 'progress', file: source.path, bytes };
        if (sink.done) break;
      }
      if (sink.done) break; // nothing more of this file will be used
    }
    sink.end();
    yield* drain();
  } finally {
    if (!finished && iterator?.return) {
      try {
        await iterator.return();
      } catch {
        // closing failed: nothing more to do for this file
      }
    }
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
