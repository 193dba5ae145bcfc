/**
 * How a passage is shown: the three kinds the theme styles (theme.css: mark.verbatim / .quote / .reworded),
 * each with its own underline pattern so that kinds never differ by colour alone.
 */
import type { MatchSpan } from '@wiretrace/engine';

export type PassageKind = 'verbatim' | 'quote' | 'reworded';

export const PASSAGE_KINDS: readonly PassageKind[] = ['verbatim', 'quote', 'reworded'];

export const KIND_LABEL: Readonly<Record<PassageKind, string>> = {
  verbatim: 'verbatim',
  quote: 'quote',
  reworded: 'reworded',
};

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
