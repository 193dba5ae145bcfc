/** `.gz` files: streamed through fflate's `Gunzip` into the format of the file inside. */
import { Gunzip } from 'fflate';
import type { FileContext } from './file-context';
import { COMPRESSED_SLICE_BYTES } from './limits';
import type { ByteSink } from './types';

export class GzipReader implements ByteSink {
  private readonly gunzip: Gunzip;
  private finished = false;
  private failed = false;

  /** @param inner receives the decompressed bytes (a file sink that sniffs the inner format) */
  constructor(private readonly ctx: FileContext, private readonly inner: ByteSink) {
    this.gunzip = new Gunzip((data, final) => {
      if (data.length > 0) this.inner.push(data);
      if (final && !this.finished) {
        this.finished = true;
        this.inner.end();
      }
    });
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && !this.failed && !this.ctx.done; i += COMPRESSED_SLICE_BYTES) {
      this.feed(chunk.subarray(i, i + COMPRESSED_SLICE_BYTES), false);
    }
  }

  end(): void {
    if (this.failed || this.ctx.done) return;
    this.feed(new Uint8Array(0), true);
    if (!this.finished && !this.failed) {
      this.finished = true;
      this.inner.end();
    }
  }

  private feed(data: Uint8Array, final: boolean): void {
    try {
      this.gunzip.push(data, final);
    } catch (e) {
      this.failed = true;
      this.inner.abandon?.();
      this.ctx.done = true;
      const why = e instanceof Error ? e.message : String(e);
      this.ctx.fileIssue(`gzip data is truncated or corrupt (${why}); records read before the damage were kept`);
    }
  }
}
