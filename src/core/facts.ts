/**
 * Page facts: what a scan says about the page as a whole, computed once, here, with the scan result
 * (`ScanResult.facts`), and read as they are by the toolbar badge, the popup, the reading history and its
 * outlet report, and the CLI. Nothing outside the engine recomputes them, so they cannot disagree.
 *
 * The reused share is the UNION of the matches: page words covered by any source's spans ÷ the page's
 * words (a word counts when it starts inside a span, as `sharedWords` counts). The engine attributes each
 * page word to one source, so the union equals Σ sharedWords today; it is counted as a union all the same,
 * so that the share can never pass 100 % or count a word twice should attribution ever change.
 */
import { lowerBound } from './sorted';
import { tokenize } from './tokenize';
import type { Match, MatchSpan, PageFacts, PassageKind, ReuseLevel, SourceFacts } from './types';

/**
 * From a fifth of the article on, more than a quote or two was taken: the page is *recycled* (amber badge,
 * and counted as recycled by the reading history's outlet report). Below it a page only shares a quote or
 * an agency line or two, which is ordinary journalism.
 */
export const RECYCLED_SHARE = 0.2;
/** Half the article or more is someone else's text: the red badge. */
export const MOSTLY_SHARE = 0.5;

/** The display kinds in their fixed order (theme.css styles one underline pattern per kind). */
export const PASSAGE_KINDS: readonly PassageKind[] = ['verbatim', 'quote', 'reworded'];

/**
 * A span's display kind. Rewording wins over quotation: a reworded quote is a quote whose words were
 * changed, and that change is what the reader most needs to see. A verbatim passage inside quotation marks
 * is a quote (often legitimately shared).
 */
export function passageKind(span: Pick<MatchSpan, 'kind' | 'quote'>): PassageKind {
  if (span.kind === 'reworded') return 'reworded';
  return span.quote ? 'quote' : 'verbatim';
}

/** The kinds present among spans, in the fixed order verbatim, quote, reworded. */
export function kindsPresent(spans: readonly Pick<MatchSpan, 'kind' | 'quote'>[]): PassageKind[] {
  const seen = new Set(spans.map(passageKind));
  return PASSAGE_KINDS.filter((k) => seen.has(k));
}

/** The level of a page with `sourceCount` sources covering `share` of it (see ReuseLevel). */
export function reuseLevel(share: number, sourceCount: number): ReuseLevel {
  if (sourceCount <= 0) return 'none';
  if (share >= MOSTLY_SHARE) return 'mostly';
  if (share >= RECYCLED_SHARE) return 'recycled';
  return 'some';
}

/** True for the levels from RECYCLED_SHARE up: the amber and red badges, "recycled" in the history. */
export function isRecycledLevel(level: ReuseLevel): boolean {
  return level === 'recycled' || level === 'mostly';
}

function sourceFacts(m: Match): SourceFacts {
  const passages: Record<PassageKind, number> = { verbatim: 0, quote: 0, reworded: 0 };
  for (const s of m.spans) passages[passageKind(s)]++;
  return { id: m.source.id, coverage: m.coverage, kinds: PASSAGE_KINDS.filter((k) => passages[k] > 0), passages };
}

/**
 * The facts of a page whose tokens start at `starts` (UTF-16 offsets, ascending), given its matches and
 * `sourceCount` (near-duplicate groups). The engine calls this as it builds every scan result.
 */
export function pageFacts(starts: Uint32Array, matches: readonly Match[], sourceCount: number): PageFacts {
  const words = starts.length;
  const covered = new Uint8Array(words);
  for (const m of matches) for (const s of m.spans) covered.fill(1, lowerBound(starts, s.start), lowerBound(starts, s.end));
  let reusedWords = 0;
  for (let t = 0; t < words; t++) reusedWords += covered[t];
  const share = words === 0 ? 0 : reusedWords / words;
  return {
    reusedWords,
    share,
    level: reuseLevel(share, sourceCount),
    kinds: kindsPresent(matches.flatMap((m) => m.spans)),
    sources: matches.map(sourceFacts),
  };
}

/** The facts of a page in which nothing was found (or that was not scanned). */
export function noReuseFacts(): PageFacts {
  return { reusedWords: 0, share: 0, level: 'none', kinds: [], sources: [] };
}

/**
 * The facts of a result stored before scan results carried them (per-tab results of an older version): the
 * page text is tokenised as the scan tokenised it, then `pageFacts` as for a fresh scan.
 */
export function factsOfText(text: string, matches: readonly Match[], sourceCount: number): PageFacts {
  return pageFacts(tokenize(text).starts, matches, sourceCount);
}
