/**
 * Storage as the extension sees it, read from an extension page: `navigator.storage.estimate()` (the origin's
 * usage: IndexedDB records, the index snapshot, LevelDB overhead) and the index snapshot row itself (IndexedDB
 * `meta`/`index`: its byte length, and how long one read of it takes).
 */
import type { Page } from 'playwright-core';

export interface StorageFigures {
  usageBytes: number;
  /** IndexedDB share of the usage, when the browser breaks it down. */
  indexedDbBytes: number | null;
  snapshotBytes: number;
  snapshotCount: number;
  /** One read transaction of the snapshot row (structured-clone of its bytes included). */
  snapshotReadMs: number;
  /** `records.count()` in one read transaction (the worker's index load counts the records to validate the snapshot). */
  countMs?: number;
}

export async function storageFigures(page: Page): Promise<StorageFigures> {
  return page.evaluate(async () => {
    const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('wiretrace');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    let snapshotBytes = 0;
    let snapshotCount = 0;
    let snapshotReadMs = 0;
    if (db.objectStoreNames.contains('meta')) {
      const t0 = performance.now();
      const row = await new Promise<{ bytes?: Uint8Array | Blob; count?: number } | undefined>((ok, fail) => {
        const req = db.transaction('meta', 'readonly').objectStore('meta').get('index');
        req.onsuccess = () => ok(req.result as { bytes?: Uint8Array | Blob; count?: number } | undefined);
        req.onerror = () => fail(req.error);
      });
      // The snapshot is a Blob (a Uint8Array when written by older builds): its bytes read as the worker reads them.
      const bytes = row?.bytes instanceof Blob ? new Uint8Array(await row.bytes.arrayBuffer()) : row?.bytes;
      snapshotReadMs = performance.now() - t0;
      snapshotBytes = bytes?.byteLength ?? 0;
      snapshotCount = row?.count ?? 0;
    }
    let countMs = 0;
    if (db.objectStoreNames.contains('records')) {
      const t0 = performance.now();
      await new Promise((ok, fail) => {
        const req = db.transaction('records', 'readonly').objectStore('records').count();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      countMs = performance.now() - t0;
    }
    db.close();
    return {
      usageBytes: estimate.usage ?? 0,
      indexedDbBytes: estimate.usageDetails?.indexedDB ?? null,
      snapshotBytes,
      snapshotCount,
      snapshotReadMs,
      countMs,
    };
  });
}

/** `readCorpus` of the snapshot in an extension page: the first call (fresh code, as in a just-started worker) and a second one. */
export interface SnapshotParse {
  readMs: number;
  firstMs: number;
  secondMs: number;
}

/**
 * Times the engine's `readCorpus` on the stored snapshot inside an extension page (the core bundled on the fly
 * with esbuild and evaluated over CDP, which the extension's CSP does not govern): what the worker's index load
 * spends besides the IndexedDB read.
 */
export async function snapshotParse(page: Page, root: string): Promise<SnapshotParse> {
  const { buildSync } = await import('esbuild');
  const out = buildSync({
    stdin: { contents: "export { readCorpus } from '@wiretrace/engine';", resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: '__wtCorpusFile',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  await page.evaluate(`${out.outputFiles[0].text}; window.__wtCorpusFile = __wtCorpusFile; 0`);
  return page.evaluate(async () => {
    const lib = (window as unknown as { __wtCorpusFile: { readCorpus(b: Uint8Array): { corpus: { size: number } } } }).__wtCorpusFile;
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('wiretrace');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const t0 = performance.now();
    const row = await new Promise<{ bytes: Uint8Array | Blob }>((ok, fail) => {
      const req = db.transaction('meta', 'readonly').objectStore('meta').get('index');
      req.onsuccess = () => ok(req.result as { bytes: Uint8Array | Blob });
      req.onerror = () => fail(req.error);
    });
    const bytes = row.bytes instanceof Blob ? new Uint8Array(await row.bytes.arrayBuffer()) : row.bytes;
    const t1 = performance.now();
    lib.readCorpus(bytes);
    const t2 = performance.now();
    lib.readCorpus(bytes);
    const t3 = performance.now();
    db.close();
    return { readMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2 };
  });
}
