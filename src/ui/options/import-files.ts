/**
 * Turns what the reader picks or drops (files, folders, zips) into importer sources. Paths follow the CLI
 * (src/cli/fs-sources.ts) so that ids and messages are the same in both tools: a single file is named by its
 * file name, a file from a folder by its path relative to that folder (the folder's own name left out).
 */
import { blobSource, isSkippedPath, type ImportSource } from '@wiretrace/engine/formats';

/** A file with the path the importer should give it. */
export interface PickedFile {
  path: string;
  file: Blob;
}

/**
 * An importer source that also carries its size, so that the store can report byte progress
 * (`ImportProgress.bytesTotal`); `ImportSource` itself has no size.
 */
export type SizedSource = ImportSource & { size: number };

/** "news/2024/a.jsonl" → "2024/a.jsonl": the picked folder's own name is not part of the ids. */
export function withoutTopFolder(relativePath: string): string {
  const trimmed = relativePath.replace(/^\/+/, '');
  const cut = trimmed.indexOf('/');
  return cut === -1 ? trimmed : trimmed.slice(cut + 1);
}

/** Files from `<input type=file>` (with or without `webkitdirectory`) or `dataTransfer.files`. */
export function pickedFromFileList(files: Iterable<File>): PickedFile[] {
  const picked: PickedFile[] = [];
  for (const file of files) {
    // Only a directory picker sets webkitRelativePath; a plain pick gives "".
    const path = file.webkitRelativePath ? withoutTopFolder(file.webkitRelativePath) : file.name;
    picked.push({ path, file });
  }
  return sortByPath(picked);
}

/** Sources for the importer, in path order (as the CLI walks folders), hidden and junk files left out. */
export function toSources(picked: readonly PickedFile[]): SizedSource[] {
  return picked
    .filter((p) => p.path !== '' && !isSkippedPath(p.path))
    .map((p) => ({ ...blobSource(p.path, p.file), size: p.file.size }));
}

export function totalBytes(sources: readonly SizedSource[]): number {
  return sources.reduce((sum, s) => sum + s.size, 0);
}

/**
 * Files below dropped entries (`DataTransferItem.webkitGetAsEntry()`). A dropped file is named by its name,
 * a file inside a dropped folder by its path relative to that folder. Hidden folders (`.git`) are not walked.
 */
export async function pickedFromEntries(entries: readonly FileSystemEntry[]): Promise<PickedFile[]> {
  const picked: PickedFile[] = [];
  for (const entry of entries) {
    if (entry.isFile) {
      picked.push({ path: entry.name, file: await fileOf(entry as FileSystemFileEntry) });
    } else if (entry.isDirectory) {
      await walkDirectory(entry as FileSystemDirectoryEntry, '', picked);
    }
  }
  return sortByPath(picked);
}

async function walkDirectory(dir: FileSystemDirectoryEntry, prefix: string, out: PickedFile[]): Promise<void> {
  for (const entry of await readAllEntries(dir)) {
    const path = `${prefix}${entry.name}`;
    if (isSkippedPath(path)) continue;
    if (entry.isFile) out.push({ path, file: await fileOf(entry as FileSystemFileEntry) });
    else if (entry.isDirectory) await walkDirectory(entry as FileSystemDirectoryEntry, `${path}/`, out);
  }
}

/** `readEntries` hands out a folder in batches (100 at a time in Chromium) until it returns an empty one. */
async function readAllEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise<File>((resolve, reject) => entry.file(resolve, reject));
}

function sortByPath(picked: PickedFile[]): PickedFile[] {
  return picked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
