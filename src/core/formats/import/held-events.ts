/**
 * Events of a zip entry held back until its CRC-32 has been checked (zip-reader.ts), so that a damaged entry
 * is skipped whole instead of leaving some of its records imported. Holding is bounded: once the held record
 * texts pass `ENTRY_HOLD_CHARS` the events flow on as they come (an entry of gigabytes is still streamed), and
 * a later checksum failure can only be reported, with the number of records already passed on.
 */
import { ENTRY_HOLD_CHARS } from './limits';
import type { ImportEvent } from './types';

export class HeldEvents {
  private held: ImportEvent[] = [];
  private chars = 0;
  private passing = false;
  /** Records passed on before the checksum was known (when the entry was too big to hold). */
  passedRecords = 0;

  constructor(private readonly emit: (event: ImportEvent) => void) {}

  /** Where the entry's events go (bound, to hand to `FileContext.child`). */
  readonly push = (event: ImportEvent): void => {
    if (this.passing) {
      if (event.type === 'record') this.passedRecords++;
      this.emit(event);
      return;
    }
    this.held.push(event);
    if (event.type === 'record') this.chars += event.record.text.length;
    if (this.chars > ENTRY_HOLD_CHARS) this.release();
  };

  /** Passes the held events on, and every later one as it comes. */
  release(): void {
    this.passing = true;
    const held = this.held;
    this.held = [];
    for (const event of held) this.push(event);
  }

  /** Drops the held events (the entry is damaged); later events (its issue) pass on. Returns the records dropped. */
  discard(): number {
    const dropped = this.held.filter((e) => e.type === 'record').length;
    this.held = [];
    this.passing = true;
    return dropped;
  }
}
