/**
 * Engine keys are unsigned 32-bit hashes; PostgreSQL's int4 is signed. A key is stored with the same 32
 * bits (`key | 0`) and read back with `>>> 0`.
 */
export function toInt4(key: number): number {
  return key | 0;
}

export function fromInt4(value: number): number {
  return value >>> 0;
}

/** True for an array of unsigned 32-bit integers. */
export function isKeyList(value: unknown, max: number): value is number[] {
  return Array.isArray(value) && value.length <= max && value.every((k) => Number.isInteger(k) && k >= 0 && k <= 0xffffffff);
}

/** Sorted ascending, without repeats: the order in which the engine reads a page's keys. */
export function sortedUnique(keys: readonly number[]): number[] {
  return [...new Set(keys)].sort((a, b) => a - b);
}
