/** Recall of spliced passages: did the scan report each one as verbatim, from a source that holds it? */
import { DEFAULT_MIN_WORDS } from '@wiretrace/engine';
import type { TestPage } from './corpus-gen';

/** The part of a scan result the recall needs (the engine's ScanResult, or the CLI's JSON of it). */
export interface ReportedMatches {
  matches: Array<{
    source: { id: string };
    spans: Array<{ start: number; end: number; kind: string; others?: string[] }>;
  }>;
}

/** A passage counts as found when verbatim spans from right sources cover this share of its word characters. */
export const MIN_COVERAGE = 0.8;

export class RecallTally {
  /** Spliced passages of at least `minWords` words. */
  passages = 0;
  found = 0;
  private coverageSum = 0;

  constructor(readonly minWords: number = DEFAULT_MIN_WORDS) {}

  get recall(): number {
    return this.passages ? this.found / this.passages : NaN;
  }

  get meanCoverage(): number {
    return this.passages ? this.coverageSum / this.passages : NaN;
  }

  /**
   * Score one page. A verbatim span counts for a spliced passage when its source is the document the
   * passage was cut from, when that document is listed in the span's `others`, or when the span's source
   * holds the overlapping text itself (it published the passage first and the cut document copied it).
   */
  add(page: TestPage, result: ReportedMatches, holds: (sourceId: string, text: string) => boolean): void {
    for (const splice of page.splices) {
      if (splice.words < this.minWords) continue;
      this.passages++;
      const covered = new Uint8Array(splice.end - splice.start);
      for (const m of result.matches) {
        for (const span of m.spans) {
          if (span.kind !== 'verbatim') continue;
          const from = Math.max(span.start, splice.start);
          const to = Math.min(span.end, splice.end);
          if (to <= from) continue;
          const right =
            m.source.id === splice.sourceId ||
            (span.others ?? []).includes(splice.sourceId) ||
            holds(m.source.id, page.text.slice(from, to));
          if (right) covered.fill(1, from - splice.start, to - splice.start);
        }
      }
      let word = 0;
      let hit = 0;
      for (let i = 0; i < covered.length; i++) {
        if (!WORD_CHAR_RE.test(splice.text[i])) continue;
        word++;
        hit += covered[i];
      }
      const coverage = word ? hit / word : 0;
      this.coverageSum += coverage;
      if (coverage >= MIN_COVERAGE) this.found++;
    }
  }
}

const WORD_CHAR_RE = /[\p{L}\p{N}]/u;
