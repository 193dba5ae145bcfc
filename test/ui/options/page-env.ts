/**
 * jsdom set-up for the extension page tests: the page's real HTML, and the few browser APIs that jsdom 26
 * lacks (Blob.stream, <dialog> modality, object URLs; load-time globals are in jsdom-globals.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import './jsdom-globals';

const ROOT = path.resolve(__dirname, '../../..');

export function installBrowserApis(): void {
  const g = globalThis as any;
  if (typeof (Blob.prototype as any).stream !== 'function') {
    // One chunk per blob is enough for blobSource (it only uses getReader/read/releaseLock).
    (Blob.prototype as any).stream = function stream(this: Blob) {
      return oneChunkStream(this);
    };
  }
  const dialog = HTMLDialogElement.prototype as any;
  if (typeof dialog.showModal !== 'function') {
    dialog.showModal = function showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    dialog.close = function close(this: HTMLDialogElement) {
      this.removeAttribute('open');
      this.dispatchEvent(new Event('close'));
    };
  }
  g.URL.createObjectURL ??= jest.fn(() => 'blob:fake');
  g.URL.revokeObjectURL ??= jest.fn();
}

/** A minimal ReadableStream stand-in: the blob's bytes as one chunk (blobSource only uses getReader/read/releaseLock). */
function oneChunkStream(blob: Blob) {
  let done = false;
  return {
    getReader: () => ({
      async read(): Promise<{ done: boolean; value?: Uint8Array }> {
        if (done) return { done: true, value: undefined };
        done = true;
        const buffer = await new Promise<ArrayBuffer>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(reader.result as ArrayBuffer);
          reader.onerror = () => reject(reader.error);
          reader.readAsArrayBuffer(blob);
        });
        return { done: false, value: new Uint8Array(buffer) };
      },
      releaseLock(): void {},
    }),
  };
}

/** The page's HTML file. */
export function pageHtml(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

/** Puts the page's body into the test document (the head's script and styles are not needed). */
export function loadPage(relative: string): void {
  const parsed = new DOMParser().parseFromString(pageHtml(relative), 'text/html');
  document.documentElement.lang = parsed.documentElement.lang;
  document.body.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
}

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8');
}

/** Waits until `check` stops throwing (or returns a truthy value). */
export async function waitFor<T>(check: () => T, timeoutMs = 2000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = check();
      if (value !== false && value !== null && value !== undefined) return value;
      if (Date.now() > until) throw new Error('waitFor: condition stayed false');
    } catch (e) {
      if (Date.now() > until) throw e;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The accessible name that a `<label for>` (or aria-label) gives a control. */
export function labelOf(el: HTMLElement): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria;
  const labels = (el as HTMLInputElement).labels;
  return labels ? [...labels].map((l) => l.textContent?.trim() ?? '').join(' ') : '';
}

/** Sets an input's files (jsdom has no DataTransfer to build a FileList) and fires `change`. */
export function chooseFiles(input: HTMLInputElement, files: File[]): void {
  Object.defineProperty(input, 'files', { configurable: true, get: () => files });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

export function fileAt(relativePath: string, content: string): File {
  const name = relativePath.split('/').pop()!;
  const file = new File([content], name);
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}

export function click(el: Element): void {
  (el as HTMLElement).click();
}

export function text(id: string): string {
  return document.getElementById(id)?.textContent ?? '';
}
