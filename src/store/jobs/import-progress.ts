/** An import's progress for the options page: files and bytes read, counts and rate, at most every PROGRESS_INTERVAL_MS. */
import type { ImportSource } from '@wiretrace/engine/formats';
import type { ImportProgress } from '../api';
import type { JobCounts } from './import-context';

/** Progress callbacks at most ten times a second: enough for a smooth bar, cheap for the page. */
export const PROGRESS_INTERVAL_MS = 100;

/** An import source may say how big it is (a File's `size`), for the progress bar. */
export type SizedSource = ImportSource & { size?: number };

/** Tracks files and bytes, and calls `onProgress` at most every PROGRESS_INTERVAL_MS. */
export class ProgressReporter {
  private filesDone = 0;
  private finishedBytes = 0;
  private currentBytes = 0;
  private currentFile: string | null = null;
  private lastReport = 0;
  private readonly bytesTotal: number;

  constructor(
    private readonly sources: readonly SizedSource[],
    private readonly counts: JobCounts,
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
