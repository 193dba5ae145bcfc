/**
 * A set of 64-bit keys (two 32-bit halves) in an open-addressing table of 32-bit words: 8 bytes a slot, grown
 * by doubling. The Deduper (deduper.ts) keeps the hashes of ids and texts in two of them.
 */

/** Initial slots of a hash table (grows by doubling). */
const INITIAL_SLOTS = 1024;
/** Grow when this share of the slots is used. */
const MAX_LOAD = 0.6;

/** Bound once: looking `Math` up on every call is slow where globals are proxied (jest's vm contexts). */
const imul = Math.imul;

/** A set of 64-bit keys given as two 32-bit halves; (0, 0) marks an empty slot. */
export class HashSet64 {
  private table = new Uint32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;
  size = 0;

  /** Adds the key; returns false when it was already there. */
  add(high: number, low: number): boolean {
    if (high === 0 && low === 0) low = 1; // keep (0, 0) free as the empty marker
    let slot = (high ^ imul(low, 0x9e3779b1)) & this.mask;
    const t = this.table;
    for (;;) {
      const h = t[slot * 2];
      const l = t[slot * 2 + 1];
      if (h === 0 && l === 0) break;
      if (h === high && l === low) return false;
      slot = (slot + 1) & this.mask;
    }
    t[slot * 2] = high;
    t[slot * 2 + 1] = low;
    this.size++;
    if (this.size > (this.mask + 1) * MAX_LOAD) this.grow();
    return true;
  }

  has(high: number, low: number): boolean {
    if (high === 0 && low === 0) low = 1;
    let slot = (high ^ imul(low, 0x9e3779b1)) & this.mask;
    const t = this.table;
    for (;;) {
      const h = t[slot * 2];
      const l = t[slot * 2 + 1];
      if (h === 0 && l === 0) return false;
      if (h === high && l === low) return true;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.table.byteLength;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length - 1; // old.length / 2 slots before, twice as many now
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.add(old[i], old[i + 1]);
    }
  }
}
