/**
 * From candidate sources to the final report: align each source, attribute every page word to one
 * source, split passages at quotation marks, and group near-duplicate sources.
 *
 * Attribution: a page word covered by several sources belongs to the one that published it first when
 * their dates are known and differ, otherwise to the one sharing the most words with the page; verbatim
 * evidence outranks reworded evidence. A verbatim stretch is then cut where the sources holding it change
 * (holders.ts), so that each span names a source that holds it in full. The other sources holding the same
 * span are listed in `others`.
 */
import { analyzeText, type Analysis, type TextAnalysis } from './analysis';
import { alignVerbatim, DEFAULT_MIN_WORDS, mapToSource, type Passage } from './align';
import { Holders, joinPieces, type HeldPiece } from './holders';
import { estimateJaccard, minhashSignature } from './minhash';
import { quoteRegions, quotedTokenMask } from './quotes';
import { findReworded, MIN_REWORDED_WORDS, rewordedPageSentences } from './reworded';
import type { CorpusRecord, Match, MatchSpan, ScanResult, SpanKind } from './types';
import { lowerBound } from './sorted';
import { pageFacts } from './facts';

/** Pieces of a passage left after attribution shorter than this many words are dropped. */
export const MIN_FRAGMENT_WORDS = 5;
/** A quoted or unquoted stretch shorter than this stays with its neighbour instead of becoming a span. */
export const MIN_QUOTE_SEGMENT_WORDS = 4;
/** Sources whose whole-document MinHash similarity reaches this are versions of one story (one group). */
export const GROUP_JACCARD = 0.5;
/** MinHash bins of the whole-document signatures used for grouping. */
const GROUP_SIGNATURE_BINS = 128;

export interface MatchOptions {
  /** Minimum verbatim passage length in words (its longest exact run). */
  minWords?: number;
  /** Look for reworded sentences (default true). */
  includeReworded?: boolean;
  /** Report passages inside quotation marks (default true). */
  includeQuotes?: boolean;
  /** Per page shingle boilerplate flags (see align.boilerplateMask). */
  boilerplate?: Int8Array;
  /** Per page sentence: 1 when it is boilerplate (its passage keys are too common), never a reworded match. */
  boilerplateSentences?: Uint8Array;
}

export interface SourceDoc {
  record: CorpusRecord;
  analysis?: TextAnalysis;
}

interface Candidate {
  kind: SpanKind;
  pStart: number;
  pEnd: number;
  /**
   * Verbatim only: page tokens on an exact run of at least `minWords` words. Every verbatim span keeps
   * some of them: a piece made only of a short run or an edited gap is not evidence on its own.
   */
  anchored?: Uint8Array;
  /** Page token → source token range [from, to). */
  sourceRange(from: number, to: number): [number, number];
}

interface SourceWork {
  record: CorpusRecord;
  analysis: TextAnalysis;
  /** Verbatim passages, in page order (the first candidates). */
  passages: Passage[];
  published: number | null;
  candidates: Candidate[];
  preliminary: number;
}

/** Milliseconds since the epoch of an ISO date, or null. */
export function parseDate(value: string | null | undefined): number | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

function verbatimCandidate(p: Passage, minWords: number): Candidate {
  const anchored = new Uint8Array(p.pEnd - p.pStart);
  for (const r of p.runs) if ((r.full ?? r.len) >= minWords) anchored.fill(1, r.p - p.pStart, r.p - p.pStart + r.len);
  return {
    kind: 'verbatim',
    pStart: p.pStart,
    pEnd: p.pEnd,
    anchored,
    sourceRange: (from, to) => {
      const a = mapToSource(p, from);
      const b = Math.max(a, mapToSource(p, to - 1));
      return [a, b + 1];
    },
  };
}

/** Compare two sources for attribution: negative when `a` should own a shared passage. */
function rank(a: SourceWork, b: SourceWork): number {
  if (a.published !== null && b.published !== null && a.published !== b.published) return a.published - b.published;
  if (a.preliminary !== b.preliminary) return b.preliminary - a.preliminary;
  return a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0;
}

/** Split [from, to) by the quote mask into stretches, merging stretches too short to stand alone. */
function quoteSegments(mask: Uint8Array, from: number, to: number): Array<[number, number, boolean]> {
  const segs: Array<[number, number, boolean]> = [];
  for (let t = from; t < to; ) {
    const q = mask[t];
    let e = t;
    while (e < to && mask[e] === q) e++;
    segs.push([t, e, q === 1]);
    t = e;
  }
  // Merge short stretches into a neighbour until every stretch is long enough (or only one is left).
  for (;;) {
    const i = segs.findIndex((s) => s[1] - s[0] < MIN_QUOTE_SEGMENT_WORDS);
    if (i < 0 || segs.length === 1) break;
    const j = i === 0 ? 1 : i - 1;
    const [a, b] = i < j ? [i, j] : [j, i];
    const longer = segs[a][1] - segs[a][0] >= segs[b][1] - segs[b][0] ? segs[a] : segs[b];
    segs.splice(a, 2, [segs[a][0], segs[b][1], longer[2]]);
    // Adjacent stretches with the same flag become one.
    for (let k = segs.length - 1; k > 0; k--) {
      if (segs[k][2] === segs[k - 1][2]) segs.splice(k - 1, 2, [segs[k - 1][0], segs[k][1], segs[k][2]]);
    }
  }
  return segs;
}

/** Union-find grouping of near-duplicate sources; returns each source's group representative index. */
function groupSources(works: SourceWork[], order: (a: number, b: number) => number): number[] {
  const parent = works.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const sigs = works.map((w) => minhashSignature(w.analysis.shingles, GROUP_SIGNATURE_BINS));
  for (let i = 0; i < works.length; i++) {
    for (let j = i + 1; j < works.length; j++) {
      if (estimateJaccard(sigs[i], sigs[j]) >= GROUP_JACCARD) {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[order(a, b) <= 0 ? b : a] = order(a, b) <= 0 ? a : b;
      }
    }
  }
  return works.map((_, i) => find(i));
}

/** Align `page` against each source and build the report. */
export function matchSources(page: Analysis, sources: SourceDoc[], opts: MatchOptions = {}): ScanResult {
  const minWords = opts.minWords ?? DEFAULT_MIN_WORDS;
  const n = page.tokens.length;
  // Built once for all sources: alignment only records the source shingles the page has.
  const pageShingles = sources.length > 1 ? new Set(page.shingles) : undefined;
  const works: SourceWork[] = sources.map((s) => {
    const analysis = s.analysis ?? analyzeText(s.record.text);
    const passages = alignVerbatim(page, analysis, minWords, opts.boilerplate, pageShingles);
    return {
      record: s.record,
      analysis,
      passages,
      published: parseDate(s.record.published),
      candidates: passages.map((p) => verbatimCandidate(p, minWords)),
      preliminary: 0,
    };
  });

  const verbatimCovered = new Uint8Array(n);
  for (const w of works) for (const c of w.candidates) verbatimCovered.fill(1, c.pStart, c.pEnd);
  if (opts.includeReworded ?? true) {
    // The page side of the comparison (which sentences qualify) is the same for every source: once.
    const pageSentences = rewordedPageSentences(page, verbatimCovered, opts.boilerplateSentences);
    for (const w of works) {
      for (const r of findReworded(page, w.analysis, verbatimCovered, opts.boilerplateSentences, pageSentences)) {
        w.candidates.push({ kind: 'reworded', pStart: r.pStart, pEnd: r.pEnd, sourceRange: () => [r.sStart, r.sEnd] });
      }
    }
  }
  const mark = new Uint8Array(n); // one buffer for all sources
  for (const w of works) {
    if (w.candidates.length === 0) continue; // preliminary stays 0
    mark.fill(0);
    for (const c of w.candidates) mark.fill(1, c.pStart, c.pEnd);
    let covered = 0;
    for (let t = 0; t < n; t++) covered += mark[t];
    w.preliminary = covered;
  }

  // Owner of each page word (a source and one of its candidate passages): verbatim evidence first,
  // then the rank order. Owning by passage keeps one source's spans from overlapping each other.
  const owner = new Int32Array(n).fill(-1);
  const ownerPassage = new Int32Array(n).fill(-1);
  const ownerKind = new Int8Array(n).fill(-1); // 1 verbatim, 0 reworded
  works.forEach((w, wi) => {
    w.candidates.forEach((c, ci) => {
      const k = c.kind === 'verbatim' ? 1 : 0;
      for (let t = c.pStart; t < c.pEnd; t++) {
        if (owner[t] < 0 || k > ownerKind[t] || (k === ownerKind[t] && owner[t] !== wi && rank(w, works[owner[t]]) < 0)) {
          owner[t] = wi;
          ownerPassage[t] = ci;
          ownerKind[t] = k;
        }
      }
    });
  });

  const quoteMask = quotedTokenMask(page.tokens.starts, quoteRegions(page.tokens.text));
  const includeQuotes = opts.includeQuotes ?? true;
  const holders = new Holders(
    works.map((w) => w.passages),
    (a, b) => rank(works[a], works[b]),
    MIN_FRAGMENT_WORDS,
  );
  const spansBy: MatchSpan[][] = works.map(() => []);
  /** Spans of source `wi` over page tokens [from, to), which its candidate `c` holds. */
  const addSpans = (wi: number, c: Candidate, from: number, to: number): void => {
    if (to - from < (c.kind === 'verbatim' ? MIN_FRAGMENT_WORDS : MIN_REWORDED_WORDS)) return;
    if (c.anchored && !hasAnchor(c, from, to)) return;
    const segments: Array<[number, number, boolean]> =
      c.kind === 'verbatim' ? anchoredSegments(c, quoteSegments(quoteMask, from, to)) : [[from, to, majorityQuoted(quoteMask, from, to)]];
    const w = works[wi];
    for (const [a, b, quote] of segments) {
      if (quote && !includeQuotes) continue;
      const [sa, sb] = c.sourceRange(a, b);
      const others = c.kind === 'verbatim' ? holders.others(wi, a, b) : rewordedOthers(works, wi, a, b);
      spansBy[wi].push({
        start: page.tokens.starts[a],
        end: page.tokens.ends[b - 1],
        sourceStart: w.analysis.tokens.starts[sa],
        sourceEnd: w.analysis.tokens.ends[sb - 1],
        kind: c.kind,
        quote,
        others: others.map((o) => works[o].record.id).sort(),
      });
    }
  };
  const pieces: HeldPiece[] = [];
  works.forEach((w, wi) => {
    w.candidates.forEach((c, ci) => {
      const owns = (t: number): boolean => owner[t] === wi && ownerPassage[t] === ci;
      for (let t = c.pStart; t < c.pEnd; ) {
        while (t < c.pEnd && !owns(t)) t++;
        const from = t;
        while (t < c.pEnd && owns(t)) t++;
        if (t === from) continue;
        if (c.kind === 'verbatim') pieces.push(...holders.split(wi, ci, from, t));
        else addSpans(wi, c, from, t);
      }
    });
  });
  for (const p of joinPieces(pieces)) addSpans(p.source, works[p.source].candidates[p.passage], p.from, p.to);

  const matched = works.map((_, i) => i).filter((i) => spansBy[i].length > 0);
  const shared = new Map<number, number>();
  for (const i of matched) {
    let words = 0;
    const starts = page.tokens.starts;
    for (const s of spansBy[i]) {
      // Count page tokens whose start lies in the span.
      words += lowerBound(starts, s.end) - lowerBound(starts, s.start);
    }
    shared.set(i, words);
  }
  const kept = matched.map((i) => works[i]);
  for (const w of kept) w.preliminary = shared.get(works.indexOf(w)) ?? 0;
  const reps = groupSources(kept, (a, b) => rank(kept[a], kept[b]));

  const matches: Match[] = kept.map((w, k) => {
    const i = works.indexOf(w);
    const sharedWords = shared.get(i) ?? 0;
    return {
      source: {
        id: w.record.id,
        title: w.record.title ?? null,
        outlet: w.record.outlet ?? null,
        url: w.record.url ?? null,
        published: w.record.published ?? null,
      },
      coverage: n === 0 ? 0 : sharedWords / n,
      sharedWords,
      spans: spansBy[i].sort((a, b) => a.start - b.start),
      group: kept[reps[k]].record.id,
    };
  });
  matches.sort((a, b) => b.sharedWords - a.sharedWords || (a.source.id < b.source.id ? -1 : 1));
  const sourceCount = new Set(matches.map((m) => m.group)).size;
  return { words: n, matches, sourceCount, facts: pageFacts(page.tokens.starts, matches, sourceCount) };
}

/** Other sources with a candidate covering all of page tokens [from, to) (for a reworded span). */
function rewordedOthers(works: SourceWork[], wi: number, from: number, to: number): number[] {
  const out: number[] = [];
  works.forEach((o, oi) => {
    if (oi !== wi && o.candidates.some((oc) => oc.pStart <= from && to <= oc.pEnd)) out.push(oi);
  });
  return out;
}

function hasAnchor(c: Candidate, from: number, to: number): boolean {
  for (let t = from; t < to; t++) if (c.anchored![t - c.pStart]) return true;
  return false;
}

/** Merge quote stretches that hold no anchored word into their neighbour (the previous one if any). */
function anchoredSegments(c: Candidate, segs: Array<[number, number, boolean]>): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = [];
  let pending: [number, number] | null = null;
  for (const s of segs) {
    if (!hasAnchor(c, s[0], s[1])) {
      if (out.length > 0) out[out.length - 1][1] = s[1];
      else pending = pending ? [pending[0], s[1]] : [s[0], s[1]];
      continue;
    }
    out.push(pending ? [pending[0], s[1], s[2]] : [s[0], s[1], s[2]]);
    pending = null;
  }
  return out;
}

function majorityQuoted(mask: Uint8Array, from: number, to: number): boolean {
  let q = 0;
  for (let t = from; t < to; t++) q += mask[t];
  return q * 2 > to - from;
}

