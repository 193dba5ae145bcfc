/**
 * The import's progress box: the bar and the line under it, redrawn at most every PROGRESS_REDRAW_MS
 * (progress can arrive thousands of times a second), and its Cancel button.
 */
import type { ImportProgress } from '../../store/api';
import { byId, displayText } from '../shared/dom';
import { t } from '../shared/i18n';
import { progressFraction, progressText } from './progress-text';

const PROGRESS_REDRAW_MS = 100;

/** File names come from the reader's disk or from inside archives: shown cut, with bidi controls removed. */
export const FILE_NAME_CHARS = 120;

export class ImportProgressView {
  readonly box = byId('import-progress');
  private readonly bar = byId<HTMLProgressElement>('import-progress-bar');
  private readonly line = byId('import-progress-text');
  private readonly cancelButton = byId<HTMLButtonElement>('import-cancel');
  private lastDraw = 0;
  private pending: ImportProgress | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;

  constructor() {
    this.cancelButton.addEventListener('click', () => {
      if (!this.controller) return;
      this.cancelButton.disabled = true;
      this.cancelButton.textContent = t('importCancelling');
      this.controller.abort();
    });
  }

  /** An import of `filesTotal` files and `bytesTotal` bytes starts; Cancel aborts `controller`. */
  start(controller: AbortController, filesTotal: number, bytesTotal: number): void {
    this.controller = controller;
    this.cancelButton.disabled = false;
    this.cancelButton.textContent = t('cancel');
    this.draw({ filesDone: 0, filesTotal, bytesDone: 0, bytesTotal, imported: 0, duplicates: 0, skipped: 0, rate: 0, currentFile: null });
  }

  /** The import's progress callback. */
  readonly onProgress = (p: ImportProgress): void => {
    this.pending = p;
    const wait = PROGRESS_REDRAW_MS - (Date.now() - this.lastDraw);
    if (wait <= 0) {
      this.draw(p);
      this.pending = null;
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.pending && this.controller) this.draw(this.pending);
        this.pending = null;
      }, wait);
    }
  };

  /** The import ended: nothing more is drawn. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    this.controller = null;
  }

  private draw(p: ImportProgress): void {
    this.bar.value = progressFraction(p);
    this.line.textContent = p.currentFile ? `${progressText(p)} · ${displayText(p.currentFile, FILE_NAME_CHARS)}` : progressText(p);
    this.lastDraw = Date.now();
  }
}
