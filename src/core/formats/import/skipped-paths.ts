/** Files that are never imported: hidden files and folders, macOS resource forks, Windows thumbnails. */

const SKIPPED_NAMES = new Set(['__macosx', 'thumbs.db', 'desktop.ini']);

/** True when any segment of the relative path is hidden (`.DS_Store`, `.git/…`) or a known junk name. */
export function isSkippedPath(path: string): boolean {
  for (const segment of path.split(/[\\/]/)) {
    if (segment === '' || segment === '.' || segment === '..') continue;
    if (segment.startsWith('.') || SKIPPED_NAMES.has(segment.toLowerCase())) return true;
  }
  return false;
}
