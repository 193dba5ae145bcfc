/** Saving a file from an extension page without the `downloads` permission: a Blob behind a temporary `<a download>`. */

/** Revoking at once can cancel the download in some browsers (they read the blob after the click returns); a minute is ample. */
const REVOKE_AFTER_MS = 60_000;

export function downloadBlob(blob: Blob, fileName: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
