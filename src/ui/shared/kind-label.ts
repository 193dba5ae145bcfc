/**
 * The reader-facing name of each kind of passage. src/shared's KIND_LABEL stays the English vocabulary the
 * other contexts use; the pages show these localised names instead.
 */
import type { PassageKind } from '../../shared/passage-kind';
import { t, type MessageKey } from './i18n';

const KIND_KEY: Readonly<Record<PassageKind, MessageKey>> = {
  verbatim: 'kindVerbatim',
  quote: 'kindQuote',
  reworded: 'kindReworded',
};

export function kindLabel(kind: PassageKind): string {
  return t(KIND_KEY[kind]);
}
