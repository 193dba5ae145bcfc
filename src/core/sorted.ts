/** Binary search helpers on sorted typed arrays. */

/** First index i in sorted `arr` with arr[i] >= x (arr.length when none). */
export function lowerBound(arr: Uint32Array, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
