/**
 * The Article Extraction Benchmark's metric (scrapinghub/article-extraction-benchmark, `evaluate.py`),
 * re-implemented for the tests. Test helper only: not product code.
 *
 * - Tokens: every match of Python's Unicode `\w+` (letters, numbers, underscore; case kept as is).
 * - Shingles: the multiset of 4-token windows; a text with fewer than 4 tokens gives one shorter shingle,
 *   a text with no tokens gives none.
 * - Per document: TP = Σ min(true, pred), FP = Σ max(0, pred − true), FN = Σ max(0, true − pred) over the
 *   shingle counts, then divided by TP + FP + FN so that long documents weigh no more than short ones.
 * - Precision is the mean over documents with TP + FP > 0, recall the mean over documents with TP + FN > 0,
 *   and F1 is the harmonic mean of those two means (not the mean of per-document F1s).
 */

/** Python's `\w` on str patterns: alphabetic (L*), numeric (N*) or underscore. Combining marks are not `\w`. */
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;
const SHINGLE_N = 4;

export type TpFpFn = [tp: number, fp: number, fn: number];

export interface AebScores {
  precision: number;
  recall: number;
  f1: number;
}

export function tokenize(text: string | null | undefined): string[] {
  return (text ?? '').match(TOKEN_RE) ?? [];
}

function shingleCounts(text: string | null | undefined): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  // Same loop as evaluate.py: range(0, max(1, len(tokens) - n + 1)), skipping an empty shingle.
  const windows = Math.max(1, tokens.length - SHINGLE_N + 1);
  for (let i = 0; i < windows; i++) {
    const shingle = tokens.slice(i, i + SHINGLE_N);
    if (shingle.length === 0) continue;
    // \u0001 cannot occur inside a token, so joined keys are as distinct as Python's tuples.
    const key = shingle.join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** TP/FP/FN of one document, normalised to sum to 1 (or all 0 when both texts have no tokens). */
export function shingleMatching(truth: string | null | undefined, pred: string | null | undefined): TpFpFn {
  const t = shingleCounts(truth);
  const p = shingleCounts(pred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, tc] of t) {
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fn += Math.max(0, tc - pc);
  }
  for (const [key, pc] of p) fp += Math.max(0, pc - (t.get(key) ?? 0));
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

function precisionScore([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

function recallScore([tp, fp, fn]: TpFpFn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export function scoresFromTpFpFns(rows: TpFpFn[]): AebScores {
  const precision = mean(rows.filter(([tp, fp]) => tp + fp > 0).map(precisionScore));
  const recall = mean(rows.filter(([tp, , fn]) => tp + fn > 0).map(recallScore));
  const f1 = (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/**
 * Scores predictions against the ground truth, as evaluate.py does. Both map a page id to its article body;
 * a missing prediction counts as an empty body (evaluate.py would refuse the run instead).
 */
export function evaluateAeb(
  truth: Record<string, { articleBody?: string | null }>,
  pred: Record<string, { articleBody?: string | null } | undefined>,
): AebScores & { perDoc: Map<string, TpFpFn> } {
  const perDoc = new Map<string, TpFpFn>();
  for (const id of Object.keys(truth)) {
    perDoc.set(id, shingleMatching(truth[id].articleBody ?? '', pred[id]?.articleBody ?? ''));
  }
  return { ...scoresFromTpFpFns([...perDoc.values()]), perDoc };
}
