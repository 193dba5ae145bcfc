/**
 * The import section: file and folder pickers, the drop zone, progress with Cancel, and the summary.
 * One import at a time; the pickers are disabled while it runs and leaving the page asks first. The
 * progress box is import-progress.ts, the summary import-summary.ts, the drop zone drop-zone.ts.
 */
import type { ExtractHtml } from '@wiretrace/engine/formats';
import type { CorpusStore, ImportResult } from '../../store/api';
import { byId, displayText, h } from '../shared/dom';
import { t, tCount } from '../shared/i18n';
import { notifyBackground } from '../shared/notify-background';
import { setupDropZone } from './drop-zone';
import { pickedFromFileList, toSources, totalBytes, type PickedFile, type SizedSource } from './import-files';
import { FILE_NAME_CHARS, ImportProgressView } from './import-progress';
import { showImportSummary } from './import-summary';

export interface ImportPanelOptions {
  store: CorpusStore;
  extractHtml: ExtractHtml;
  /** Called when an import starts (true) and ends (false), so the page can lock conflicting actions. */
  onBusy(busy: boolean): void;
  /** Called after an import that may have changed the corpus. */
  onImported(result: ImportResult): void | Promise<void>;
  /**
   * A single file given to the import that is a WireTrace backup goes here instead (the restore dialog):
   * imported as articles it would lose its settings and metadata. In a batch of files the importer refuses it.
   */
  isBackup?(file: Blob): Promise<boolean>;
  onBackup?(file: Blob): void;
}

export interface ImportPanel {
  /** Imports these files (as the pickers and the drop zone do); resolves with the result when done. */
  importFiles(picked: readonly PickedFile[]): Promise<ImportResult | null>;
  isRunning(): boolean;
}

/** Disables every import control (storage unavailable). */
export function disableImport(doc: Document = document): void {
  for (const id of ['import-files', 'import-folder', 'import-folder-input']) (doc.getElementById(id) as HTMLInputElement | null)?.setAttribute('disabled', '');
  doc.getElementById('drop-zone')?.classList.add('disabled');
}

export function setupImportPanel(opts: ImportPanelOptions, doc: Document = document): ImportPanel {
  const importer = new Importer(opts, doc);
  wirePickers(importer, doc);
  return importer;
}

/** Leaving would cancel the import (the store rolls it back), so the browser asks first. */
function guardUnload(event: BeforeUnloadEvent): void {
  event.preventDefault();
  event.returnValue = '';
}

/** Runs one import at a time, with its progress, and shows its summary. */
class Importer implements ImportPanel {
  readonly status = byId('import-status');
  /** The pickers: disabled while an import runs. */
  readonly pickers = [byId<HTMLInputElement>('import-files'), byId<HTMLButtonElement>('import-folder'), byId<HTMLInputElement>('import-folder-input')] as const;
  readonly dropZone = byId('drop-zone');
  private readonly progress = new ImportProgressView();
  private running: AbortController | null = null;

  constructor(
    private readonly opts: ImportPanelOptions,
    private readonly doc: Document,
  ) {}

  isRunning(): boolean {
    return this.running !== null;
  }

  /** A single backup file goes to the restore dialog; anything else is imported. */
  async importFiles(picked: readonly PickedFile[]): Promise<ImportResult | null> {
    const { isBackup, onBackup } = this.opts;
    if (!this.running && picked.length === 1 && isBackup && onBackup && (await isBackup(picked[0].file))) {
      this.status.replaceChildren(h('p', {}, t('backupFound', displayText(picked[0].path, FILE_NAME_CHARS))));
      onBackup(picked[0].file);
      return null;
    }
    return this.run(toSources(picked));
  }

  private setBusy(busy: boolean): void {
    for (const control of this.pickers) control.disabled = busy;
    this.dropZone.classList.toggle('disabled', busy);
    this.progress.box.hidden = !busy;
    this.opts.onBusy(busy);
  }

  private async run(sources: SizedSource[]): Promise<ImportResult | null> {
    if (this.running) return null;
    if (sources.length === 0) {
      this.status.replaceChildren(h('p', {}, t('importNoFiles')));
      return null;
    }
    const controller = new AbortController();
    this.running = controller;
    this.setBusy(true);
    window.addEventListener('beforeunload', guardUnload);
    this.progress.start(controller, sources.length, totalBytes(sources));
    const what = sources.length === 1 ? displayText(sources[0].path, FILE_NAME_CHARS) : tCount(sources.length, 'filesOne', 'filesMany');
    this.status.replaceChildren(h('p', {}, t('importImporting', what)));
    let result: ImportResult;
    const started = Date.now();
    try {
      result = await this.opts.store.runImport(sources, { signal: controller.signal, onProgress: this.progress.onProgress, extractHtml: this.opts.extractHtml });
    } catch (e) {
      result = await this.failedResult(e, controller.signal.aborted, started);
    } finally {
      this.end();
    }
    showImportSummary(this.status, result);
    await notifyBackground('corpus-changed');
    await this.opts.onImported(result);
    return result;
  }

  /** The contract reports failures in the result; a throw is an unexpected error (or an abort rethrown). */
  private async failedResult(e: unknown, aborted: boolean, started: number): Promise<ImportResult> {
    const total = await this.opts.store.count().catch(() => 0);
    const base = { imported: 0, duplicates: 0, renamed: 0, skipped: 0, issues: [], notes: [], total, seconds: (Date.now() - started) / 1000 };
    return aborted ? { ...base, status: 'cancelled' } : { ...base, status: 'failed', error: e instanceof Error ? e.message : String(e) };
  }

  private end(): void {
    // Cancel disappears with the progress box: keep keyboard focus in the section instead of losing it.
    const focusWasInProgress = this.progress.box.contains(this.doc.activeElement);
    this.progress.stop();
    this.running = null;
    window.removeEventListener('beforeunload', guardUnload);
    this.setBusy(false);
    if (focusWasInProgress) this.pickers[0].focus();
  }
}

/** "Import files", "Import a folder" and the drop zone, live once the store is open. */
function wirePickers(importer: Importer, doc: Document): void {
  const [fileInput, folderButton, folderInput] = importer.pickers;
  const fromInput = (input: HTMLInputElement): void => {
    const files = [...(input.files ?? [])];
    // Cleared so that picking the same files again fires `change` again.
    input.value = '';
    void importer.importFiles(pickedFromFileList(files));
  };
  fileInput.addEventListener('change', () => fromInput(fileInput));
  folderInput.addEventListener('change', () => fromInput(folderInput));
  folderButton.addEventListener('click', () => folderInput.click());
  const dropFailed = (e: unknown): void => importer.status.replaceChildren(h('p', { class: 'error' }, t('importDropFailed', e instanceof Error ? e.message : String(e))));
  setupDropZone(
    importer.dropZone,
    doc,
    (picked) => void picked.then((files) => importer.importFiles(files), dropFailed),
    () => importer.isRunning() || fileInput.disabled,
  );
  // The page ships these disabled: a file picked before the store was open would have had no listener
  // and been lost without a word. They come alive here, with their listeners.
  for (const control of importer.pickers) control.disabled = false;
  importer.dropZone.classList.remove('disabled');
}
