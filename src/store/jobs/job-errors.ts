/** Why a job stopped, in plain words: the import's failure messages (a restore shares them). */
import { errorName, errorText, isQuotaError, QUOTA_MESSAGE } from '../idb/errors';

/** Thrown when the job was rolled back under the import's feet (taken for dead, or the corpus was cleared). */
export class InterruptedError extends Error {
  override name = 'InterruptedError';
}

export const INTERRUPTED_MESSAGE =
  'The import was interrupted: WireTrace lost track of it (the page was asleep for a long time, or the corpus was cleared meanwhile), so it was undone. Run it again.';
const CONFLICT_MESSAGE = 'Another import added some of the same articles at the same time. Nothing from this import was kept; run it again.';

/** A plain-words message for whatever stopped an import. */
export function failureMessage(e: unknown): string {
  if (isQuotaError(e)) return QUOTA_MESSAGE;
  if (e instanceof InterruptedError) return e.message;
  if (errorName(e) === 'ConstraintError') return CONFLICT_MESSAGE;
  return `The import failed and nothing from it was kept: ${errorText(e)}`;
}
