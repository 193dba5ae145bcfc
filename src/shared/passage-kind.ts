/**
 * How a passage is shown: the three kinds the theme styles (theme.css: mark.verbatim / .quote / .reworded),
 * each with its own underline pattern so that kinds never differ by colour alone. The kind of a span is
 * the engine's (src/core/facts.ts), which counts kinds into the page facts.
 */
import type { PassageKind } from '@wiretrace/engine';

export type { PassageKind } from '@wiretrace/engine';
export { PASSAGE_KINDS, passageKind, kindsPresent } from '@wiretrace/engine';

export const KIND_LABEL: Readonly<Record<PassageKind, string>> = {
  verbatim: 'verbatim',
  quote: 'quote',
  reworded: 'reworded',
};
