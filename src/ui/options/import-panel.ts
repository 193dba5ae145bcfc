/**
 * The import section: file and folder pickers, the drop zone, progress with Cancel, and the summary.
 * One import at a time; the pickers are disabled while it runs and leaving the page asks first.
 */
import type { ExtractHtml, ImportIssue } from '@wiretrace/engine/formats';
import type { CorpusStore, ImportProgress, ImportResult } from '../../store/api';
import { append, byId, displayText, h } from '../shared/dom';
import { t, tCount } from '../shared/i18n';
import { notifyBackground } from '../shared/notify-background';
import { pickedFromEntries, pickedFromFileList, toSources, totalBytes, type PickedFile, type SizedSource } from './import-files';
import { formatNumber, issueText, progressFraction, progressText, resultDetails, resultHeadline } from './progress-text';

/** Problems listed in the summary; the rest are counted ("and 1,234 more"). */
export const ISSUES_SHOWN = 100;

/** The progress line is redrawn at most this often (progress can arrive thousands of times a second). */
const PROGRESS_REDRAW_MS = 100;

/** File names come from the reader's disk or from inside archives: shown cut, with bidi controls removed. */
const FILE_NAME_CHARS = 120;
const ISSUE_CHARS = 500;

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
  const fileInput = byId<HTMLInputElement>('import-files');
  const folderButton = byId<HTMLButtonElement>('import-folder');
  const folderInput = byId<HTMLInputElement>('import-folder-input');
  const dropZone = byId('drop-zone');
  const progressBox = byId('import-progress');
  const progressBar = byId<HTMLProgressElement>('import-progress-bar');
  const progressLine = byId('import-progress-text');
  const cancelButton = byId<HTMLButtonElement>('import-cancel');
  const status = byId('import-status');

  let running: AbortController | null = null;

  const guardUnload = (event: BeforeUnloadEvent): void => {
    // Leaving would cancel the import (the store rolls it back), so the browser asks first.
    event.preventDefault();
    event.returnValue = '';
  };

  function setBusy(busy: boolean): void {
    fileInput.disabled = busy;
    folderButton.disabled = busy;
    folderInput.disabled = busy;
    dropZone.classList.toggle('disabled', busy);
    progressBox.hidden = !busy;
    opts.onBusy(busy);
  }

  let lastDraw = 0;
  let pending: ImportProgress | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  function drawProgress(p: ImportProgress): void {
    progressBar.value = progressFraction(p);
    progressLine.textContent = p.currentFile ? `${progressText(p)} · ${displayText(p.currentFile, FILE_NAME_CHARS)}` : progressText(p);
    lastDraw = Date.now();
  }

  function onProgress(p: ImportProgress): void {
    pending = p;
    const wait = PROGRESS_REDRAW_MS - (Date.now() - lastDraw);
    if (wait <= 0) {
      drawProgress(p);
      pending = null;
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = null;
        if (pending && running) drawProgress(pending);
        pending = null;
      }, wait);
    }
  }

  /** A folded list of file/line entries with its heading, or null when there is nothing to list. */
  function entryList(heading: string, entries: readonly ImportIssue[], total: number, className: string): HTMLElement | null {
    const shown = entries.slice(0, ISSUES_SHOWN);
    if (shown.length === 0) return null;
    const more = total - shown.length;
    return h(
      'details',
      { class: className },
      h('summary', {}, heading),
      h('ul', {}, ...shown.map((issue) => h('li', {}, displayText(issueText(issue), ISSUE_CHARS)))),
      more > 0 ? h('p', { class: 'muted' }, t('importMoreIssues', formatNumber(more))) : null,
    );
  }

  function showSummary(result: ImportResult): void {
    const details = entryList(t('importSkippedSummary', formatNumber(result.skipped)), result.issues, result.skipped, 'issues');
    // Duplicates not added and articles kept under a scoped id: listed too, so nothing goes unaccounted.
    const listed = result.duplicates + result.renamed;
    const notes = result.status === 'done' ? entryList(t('importNotesSummary', formatNumber(listed)), result.notes, listed, 'issues notes') : null;
    status.replaceChildren();
    append(
      status,
      h('p', { class: result.status === 'done' ? 'summary-headline' : 'summary-headline error' }, resultHeadline(result)),
      h('p', { class: 'muted' }, resultDetails(result)),
      details,
      notes,
    );
  }

  async function runPicked(picked: readonly PickedFile[]): Promise<ImportResult | null> {
    if (!running && picked.length === 1 && opts.isBackup && opts.onBackup && (await opts.isBackup(picked[0].file))) {
      status.replaceChildren(h('p', {}, t('backupFound', displayText(picked[0].path, FILE_NAME_CHARS))));
      opts.onBackup(picked[0].file);
      return null;
    }
    return run(toSources(picked));
  }

  async function run(sources: SizedSource[]): Promise<ImportResult | null> {
    if (running) return null;
    if (sources.length === 0) {
      status.replaceChildren(h('p', {}, t('importNoFiles')));
      return null;
    }
    const controller = new AbortController();
    running = controller;
    setBusy(true);
    window.addEventListener('beforeunload', guardUnload);
    cancelButton.disabled = false;
    cancelButton.textContent = t('cancel');
    const bytesTotal = totalBytes(sources);
    drawProgress({ filesDone: 0, filesTotal: sources.length, bytesDone: 0, bytesTotal, imported: 0, duplicates: 0, skipped: 0, rate: 0, currentFile: null });
    const what = sources.length === 1 ? displayText(sources[0].path, FILE_NAME_CHARS) : tCount(sources.length, 'filesOne', 'filesMany');
    status.replaceChildren(h('p', {}, t('importImporting', what)));

    let result: ImportResult;
    const started = Date.now();
    try {
      result = await opts.store.runImport(sources, { signal: controller.signal, onProgress, extractHtml: opts.extractHtml });
    } catch (e) {
      // The contract reports failures in the result; a throw is an unexpected error (or an abort rethrown).
      const total = await opts.store.count().catch(() => 0);
      const seconds = (Date.now() - started) / 1000;
      const base = { imported: 0, duplicates: 0, renamed: 0, skipped: 0, issues: [], notes: [], total, seconds };
      result = controller.signal.aborted
        ? { ...base, status: 'cancelled' }
        : { ...base, status: 'failed', error: e instanceof Error ? e.message : String(e) };
    } finally {
      // Cancel disappears with the progress box: keep keyboard focus in the section instead of losing it.
      const focusWasInProgress = progressBox.contains(doc.activeElement);
      if (timer) clearTimeout(timer);
      timer = null;
      pending = null;
      running = null;
      window.removeEventListener('beforeunload', guardUnload);
      setBusy(false);
      if (focusWasInProgress) fileInput.focus();
    }
    showSummary(result);
    await notifyBackground('corpus-changed');
    await opts.onImported(result);
    return result;
  }

  cancelButton.addEventListener('click', () => {
    if (!running) return;
    cancelButton.disabled = true;
    cancelButton.textContent = t('importCancelling');
    running.abort();
  });

  const fromInput = (input: HTMLInputElement): void => {
    const files = [...(input.files ?? [])];
    // Cleared so that picking the same files again fires `change` again.
    input.value = '';
    void runPicked(pickedFromFileList(files));
  };
  fileInput.addEventListener('change', () => fromInput(fileInput));
  folderInput.addEventListener('change', () => fromInput(folderInput));
  folderButton.addEventListener('click', () => folderInput.click());

  setupDropZone(
    dropZone,
    doc,
    (picked) => {
      void picked.then(
        (files) => runPicked(files),
        (e: unknown) => status.replaceChildren(h('p', { class: 'error' }, t('importDropFailed', e instanceof Error ? e.message : String(e)))),
      );
    },
    () => running !== null || fileInput.disabled,
  );
  // The page ships these disabled: a file picked before the store was open would have had no listener
  // and been lost without a word. They come alive here, with their listeners.
  for (const control of [fileInput, folderButton, folderInput]) control.disabled = false;
  dropZone.classList.remove('disabled');

  return {
    importFiles: (picked) => runPicked(picked),
    isRunning: () => running !== null,
  };
}

/**
 * Drop target for files and folders. Folders need `webkitGetAsEntry`, which must be called during the drop
 * event itself (the items are emptied afterwards); browsers without it get the flat `dataTransfer.files`.
 */
function setupDropZone(zone: HTMLElement, doc: Document, onFiles: (picked: Promise<PickedFile[]>) => void, isLocked: () => boolean): void {
  const hasFiles = (event: DragEvent): boolean => [...(event.dataTransfer?.types ?? [])].includes('Files');

  zone.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = isLocked() ? 'none' : 'copy';
    zone.classList.toggle('drag-over', !isLocked());
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('drag-over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('drag-over');
    if (isLocked() || !event.dataTransfer) return;
    const entries: FileSystemEntry[] = [];
    let allEntries = true;
    for (const item of event.dataTransfer.items ?? []) {
      if (item.kind !== 'file') continue;
      const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
      if (entry) entries.push(entry);
      else allEntries = false;
    }
    if (entries.length > 0 && allEntries) {
      onFiles(pickedFromEntries(entries));
    } else {
      onFiles(Promise.resolve(pickedFromFileList([...event.dataTransfer.files])));
    }
  });

  guardStrayDrops(doc, zone);
}

/**
 * A file dropped outside the drop zone would make the browser open it in place of this page (ending an
 * import, or leaving the page), so such drops are swallowed.
 */
export function guardStrayDrops(doc: Document, zone: HTMLElement | null): () => void {
  const swallow = (event: Event): void => {
    if (!zone?.contains(event.target as Node)) event.preventDefault();
  };
  for (const type of ['dragover', 'drop'] as const) doc.addEventListener(type, swallow);
  return () => {
    for (const type of ['dragover', 'drop'] as const) doc.removeEventListener(type, swallow);
  };
}
