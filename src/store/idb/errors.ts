/** Turning IndexedDB's DOMExceptions into plain-words messages for the reader. */
import { StorageError } from '../api';

export const QUOTA_MESSAGE =
  'Your browser refused to store more data for WireTrace (the storage quota is full). Nothing from this import was kept. ' +
  'Free some disk space or delete articles you no longer need, then try again.';

const UNAVAILABLE_MESSAGE =
  'WireTrace cannot use the browser storage (IndexedDB), so it has no corpus to compare with. ' +
  'This happens in some private-browsing modes or when site data is blocked for extensions.';

const VERSION_MESSAGE =
  "WireTrace's stored corpus was written by a newer version of WireTrace. Update the extension to use it.";

/** The DOMException (or Error) name, if any. */
export function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : '';
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') return (e as { message: string }).message;
  return String(e);
}

/** True for the browser's "out of space" errors (the name differs in old Firefox versions). */
export function isQuotaError(e: unknown): boolean {
  const name = errorName(e);
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
  // A transaction aborted by a quota failure reports an AbortError whose cause is on the transaction.
  const inner = (e as { cause?: unknown } | null)?.cause;
  return inner !== undefined && inner !== e && isQuotaError(inner);
}

/** Any failure while opening the database → a StorageError with a message a reader understands. */
export function openFailure(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const name = errorName(e);
  if (isQuotaError(e)) return new StorageError(QUOTA_MESSAGE, 'quota');
  if (name === 'VersionError') return new StorageError(VERSION_MESSAGE, 'version');
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError' || name === 'NotAllowedError') {
    return new StorageError(`${UNAVAILABLE_MESSAGE} (${errorText(e)})`, 'unavailable');
  }
  return new StorageError(`WireTrace could not open its storage: ${errorText(e)}`, 'unknown');
}

export function unavailable(detail: string): StorageError {
  return new StorageError(`${UNAVAILABLE_MESSAGE} (${detail})`, 'unavailable');
}

/**
 * Opening did not finish within the open timeout, and this connection was never told it is blocked: its
 * request waits behind another context's blocked upgrade (IndexedDB queues opens), which is the usual
 * cause. Said as a likelihood, with the same remedy as `blocked`.
 */
export function timedOut(seconds: number): StorageError {
  return new StorageError(
    `WireTrace's storage did not open within ${seconds} seconds: another WireTrace page is probably holding it during an update. Close other WireTrace tabs and try again.`,
    'blocked',
  );
}

export function blocked(): StorageError {
  return new StorageError(
    "WireTrace's storage is busy: another WireTrace page holds it open during an update. Close other WireTrace tabs and try again.",
    'blocked',
  );
}
