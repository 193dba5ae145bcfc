/**
 * The order of the popup's list. The report ranks matches (most shared words first); near-duplicate
 * versions of one story share a `group` named after its representative. Representatives keep the report's
 * rank, and each is followed by the other versions of its story, so that "also in …" sits with it.
 */
import type { Match } from '@wiretrace/engine';

export interface ListedSource {
  match: Match;
  /** The report's rank (1-based) of this match. */
  rank: number;
  /** The group's representative, when this match is another version of it. */
  versionOf: Match | null;
  /** For a representative: the other versions of its story among the matches. */
  versions: Match[];
}

export function orderSources(matches: readonly Match[]): ListedSource[] {
  const byId = new Map(matches.map((m) => [m.source.id, m]));
  // A match whose group representative is missing from the list stands for itself.
  const repOf = (m: Match): Match => (m.group !== m.source.id && byId.has(m.group) ? byId.get(m.group)! : m);
  const versions = new Map<string, Match[]>();
  for (const m of matches) {
    const rep = repOf(m);
    if (rep === m) continue;
    const list = versions.get(rep.source.id) ?? [];
    list.push(m);
    versions.set(rep.source.id, list);
  }
  const rank = new Map(matches.map((m, i) => [m, i + 1]));
  const out: ListedSource[] = [];
  for (const m of matches) {
    if (repOf(m) !== m) continue;
    const vs = versions.get(m.source.id) ?? [];
    out.push({ match: m, rank: rank.get(m)!, versionOf: null, versions: vs });
    for (const v of vs) out.push({ match: v, rank: rank.get(v)!, versionOf: m, versions: [] });
  }
  return out;
}

/** A source's name for lists: its title, else its outlet, else its id. */
export function sourceName(m: Pick<Match, 'source'>): string {
  return m.source.title?.trim() || m.source.outlet?.trim() || m.source.id;
}
