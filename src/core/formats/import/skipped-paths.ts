/**
 * Files that are never imported, wherever they are (picked, in a folder, inside an archive):
 * - hidden files and folders, macOS resource forks, Windows thumbnails: skipped silently (`isSkippedPath`);
 * - project files that come with a corpus folder or a repository (README, LICENSE, CHANGELOG…): skipped
 *   and listed, with `PROJECT_FILE_REASON` (`projectFileReason`), since a reader could mistake them for data.
 * The CLI (folder walk) and the extension (file and folder pickers, drops) both import through
 * `importSources`, so the rule is the same in both.
 */

const SKIPPED_NAMES = new Set(['__macosx', 'thumbs.db', 'desktop.ini']);

/** True when any segment of the relative path is hidden (`.DS_Store`, `.git/…`) or a known junk name. */
export function isSkippedPath(path: string): boolean {
  for (const segment of path.split(/[\\/]/)) {
    if (segment === '' || segment === '.' || segment === '..') continue;
    if (segment.startsWith('.') || SKIPPED_NAMES.has(segment.toLowerCase())) return true;
  }
  return false;
}

/**
 * The name up to its first dot is one of these, in any case: README, README.md, readme.fr.txt, LICENSE.txt,
 * LICENCE, COPYING, CHANGELOG.md, CONTRIBUTING.md. Only the whole word: `licence-fees.txt` is an article.
 */
const PROJECT_FILE = /^(?:readme|licen[cs]e|copying|changelog|contributing)(?:\..*)?$/i;

export const PROJECT_FILE_REASON = 'a project file (README, LICENSE, CHANGELOG…), not an article; not imported';

/** `PROJECT_FILE_REASON` when the file's name (the last segment of `path`) is a project file's, else null. */
export function projectFileReason(path: string): string | null {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return PROJECT_FILE.test(name) ? PROJECT_FILE_REASON : null;
}
