/**
 * Attribution, recall and precision of verbatim spans on a set of documents scanned against each other,
 * measured outside the engine: words by the engine's tokenizer (its normalisation rules), shared runs by the
 * brute-force reference (exact-overlap-reference.ts), edits by the `diff` package.
 *
 * - A span is **held** by its named source when the span's normalised words occur in the source as they are
 *   (exact), or, when no document of the set holds them exactly (an edited copy), when the source's text at
 *   the reported range differs from the span only by edits of at most MAX_GAP_WORDS words (the engine's
 *   verbatim rule). Attribution = held spans / verbatim spans.
 * - `others` held: entries of `others` of the exactly held spans whose document holds the span exactly too.
 * - Recall: characters of the reference's shared runs (≥ 12 words) covered by verbatim spans that name the
 *   run's other document (as named source or in `others`) or another document sharing those characters with
 *   the page (a span names one holder of a passage several documents hold). Precision: characters of
 *   verbatim spans lying on a shared run with the named source or one of its `others`. Non-space characters
 *   in both.
 */
import { MAX_GAP_WORDS, MemoryCorpus, tokenize } from '@wiretrace/engine';
import { diffArrays } from 'diff';
import type { CorpusRecord, ScanResult } from '@wiretrace/engine';
import { sharedRuns } from './exact-overlap-reference';

export interface AttributionFigures {
  spans: number;
  exact: number;
  edited: number;
  /** Spans whose named source holds them neither way: "page <- source: text". */
  unheld: string[];
  others: number;
  othersHeld: number;
  recall: number;
  precision: number;
}

const MIN_RUN = 12;

/** " w1 w2 … " — so that `includes` matches whole words only. */
function joined(words: string[]): string {
  return ` ${words.join(' ')} `;
}

/** True when `span` and `source` differ only by hunks of at most MAX_GAP_WORDS words (and share a word). */
function withinEdits(span: string[], source: string[]): boolean {
  let same = 0;
  for (const part of diffArrays(span, source)) {
    if (!part.added && !part.removed) same += part.count ?? part.value.length;
    else if ((part.count ?? part.value.length) > MAX_GAP_WORDS) return false;
  }
  return same > 0;
}

function solid(text: string, from: number, to: number, on: (c: number) => boolean): number {
  let n = 0;
  for (let c = from; c < to; c++) if (!/\s/.test(text[c]) && on(c)) n++;
  return n;
}

/** Scan every document against the others and measure its verbatim spans. */
export function measureAttribution(docs: CorpusRecord[]): AttributionFigures {
  const corpus = new MemoryCorpus();
  for (const d of docs) corpus.add(d);
  corpus.index.compact();
  const byId = new Map(docs.map((d) => [d.id, d]));
  const words = new Map(docs.map((d) => [d.id, joined(tokenize(d.text).words)]));
  const runs = sharedRuns(docs, MIN_RUN);
  const f: AttributionFigures = { spans: 0, exact: 0, edited: 0, unheld: [], others: 0, othersHeld: 0, recall: 0, precision: 0 };
  let runChars = 0;
  let runCovered = 0;
  let spanChars = 0;
  let spanOnRuns = 0;
  for (const d of docs) {
    const result: ScanResult = corpus.scan(d.text, { excludeIds: [d.id] });
    const pageRuns = runs.filter((r) => r.a === d.id);
    const covered = new Map(pageRuns.map((r) => [r, new Uint8Array(r.end - r.start)]));
    for (const m of result.matches) {
      for (const s of m.spans) {
        if (s.kind !== 'verbatim') continue;
        f.spans++;
        const named = new Set([m.source.id, ...s.others]);
        const spanWords = tokenize(d.text.slice(s.start, s.end)).words;
        const w = joined(spanWords);
        if (words.get(m.source.id)!.includes(w)) {
          f.exact++;
          for (const o of s.others) {
            f.others++;
            if (words.get(o)!.includes(w)) f.othersHeld++;
          }
        } else {
          const exactElsewhere = docs.some((o) => o.id !== d.id && words.get(o.id)!.includes(w));
          const sourceWords = tokenize(byId.get(m.source.id)!.text.slice(s.sourceStart, s.sourceEnd)).words;
          if (!exactElsewhere && withinEdits(spanWords, sourceWords)) f.edited++;
          else f.unheld.push(`${d.id} <- ${m.source.id}: ${d.text.slice(s.start, s.end).slice(0, 120)}`);
        }
        const onRun = (c: number): boolean => pageRuns.some((r) => named.has(r.b) && r.start <= c && c < r.end);
        spanChars += solid(d.text, s.start, s.end, () => true);
        spanOnRuns += solid(d.text, s.start, s.end, onRun);
        for (const r of pageRuns) {
          const mark = covered.get(r)!;
          for (let c = Math.max(r.start, s.start); c < Math.min(r.end, s.end); c++) if (named.has(r.b) || onRun(c)) mark[c - r.start] = 1;
        }
      }
    }
    for (const r of pageRuns) {
      const mark = covered.get(r)!;
      runChars += solid(d.text, r.start, r.end, () => true);
      runCovered += solid(d.text, r.start, r.end, (c) => mark[c - r.start] === 1);
    }
  }
  f.recall = runChars ? runCovered / runChars : 1;
  f.precision = spanChars ? spanOnRuns / spanChars : 1;
  return f;
}

/** One line of figures, as docs/benchmarks.md reports them. */
export function formatFigures(name: string, f: AttributionFigures): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  return (
    `${name}: ${f.spans} verbatim spans, attribution ${pct((f.exact + f.edited) / f.spans)} ` +
    `(${f.exact} held exactly, ${f.edited} edited copies held with their edits, ${f.unheld.length} not held); ` +
    `others held ${f.othersHeld}/${f.others}; recall ${pct(f.recall)}, precision ${pct(f.precision)}`
  );
}
