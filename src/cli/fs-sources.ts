/** Files and folders on disk as importer sources (Node only). */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportSource } from '@wiretrace/engine/formats';

/** Bytes read per chunk from disk. */
const CHUNK_BYTES = 1 << 20;

export function fileSource(file: string, relative: string): ImportSource {
  return {
    path: relative,
    async *chunks() {
      for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
        yield chunk instanceof Uint8Array ? chunk : new Uint8Array(Buffer.from(chunk as string));
      }
    },
  };
}

/**
 * Import sources for a path: a file gives one source named by its base name; a folder gives every file
 * below it (hidden files and folders skipped), named by their path relative to the folder.
 */
export async function* pathSources(target: string): AsyncGenerator<ImportSource & { file: string }> {
  const info = await stat(target);
  if (!info.isDirectory()) {
    yield { ...fileSource(target, path.basename(target)), file: target };
    return;
  }
  const walk = async function* (dir: string): AsyncGenerator<string> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) yield* walk(full);
      else if (e.isFile()) yield full;
    }
  };
  for await (const file of walk(target)) {
    const relative = path.relative(target, file).split(path.sep).join('/');
    yield { ...fileSource(file, relative), file };
  }
}
