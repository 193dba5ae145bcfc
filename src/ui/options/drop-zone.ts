/**
 * Files dropped on the options page: the import section's drop zone (files and folders), and swallowing
 * drops anywhere else, which would replace the page.
 */
import { pickedFromEntries, pickedFromFileList, type PickedFile } from './import-files';

/**
 * Drop target for files and folders. Folders need `webkitGetAsEntry`, which must be called during the drop
 * event itself (the items are emptied afterwards); browsers without it get the flat `dataTransfer.files`.
 */
export function setupDropZone(zone: HTMLElement, doc: Document, onFiles: (picked: Promise<PickedFile[]>) => void, isLocked: () => boolean): void {
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
