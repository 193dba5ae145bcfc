/**
 * Candidate sources for a page's keys, ranked exactly as the local `CorpusIndex.candidates` ranks them:
 * the same document-frequency limits, the first MAX_POSTINGS_PER_KEY postings of a key (lowest ordinals,
 * the earliest imported), the same rarity-weighted score summed in the same key order, and the same
 * selection (`selectCandidates`).
 */
import type { Sql } from 'postgres';
import { dfLimitFor, MAX_POSTINGS_PER_KEY, passageDfLimitFor, selectCandidates, type CorpusRecord } from '@wiretrace/engine';
import type { CandidatesRequest, CandidatesResponse } from './api';
import { toRecord, type RecordRow } from './article-text';
import { articleCount } from './ingest';
import { fromInt4, sortedUnique, toInt4 } from './keys';

type PostingTable = 'fingerprint_postings' | 'passage_postings';

interface KeyPostings {
  /** Document frequency by key (unsigned). */
  df: Map<number, number>;
  /** The first postings (ordinals, ascending) of each key at or under the limit. */
  ords: Map<number, number[]>;
}

async function postingsOf(sql: Sql, table: PostingTable, keys: number[], limit: number): Promise<KeyPostings> {
  const df = new Map<number, number>();
  const ords = new Map<number, number[]>();
  if (keys.length === 0) return { df, ords };
  const counts = await sql<{ key: number; df: number }[]>`
    SELECT key, count(*)::int AS df FROM ${sql(table)} WHERE key = ANY(${keys.map(toInt4)}::int4[]) GROUP BY key`;
  for (const r of counts) df.set(fromInt4(r.key), r.df);
  const usable = keys.filter((k) => (df.get(k) ?? 0) > 0 && df.get(k)! <= limit);
  if (usable.length === 0) return { df, ords };
  const rows = await sql<{ key: number; ord: number }[]>`
    SELECT k.key, p.ord FROM unnest(${usable.map(toInt4)}::int4[]) AS k(key)
    CROSS JOIN LATERAL (SELECT ord FROM ${sql(table)} WHERE key = k.key ORDER BY ord LIMIT ${MAX_POSTINGS_PER_KEY}) AS p`;
  for (const r of rows) {
    const key = fromInt4(r.key);
    let list = ords.get(key);
    if (!list) ords.set(key, (list = []));
    list.push(r.ord);
  }
  for (const list of ords.values()) list.sort((a, b) => a - b);
  return { df, ords };
}

async function fetchArticles(sql: Sql, ords: number[]): Promise<Map<number, CorpusRecord>> {
  const rows = await sql<(RecordRow & { ord: number })[]>`
    SELECT ord, id, title, outlet, url, published, byline, text_deflate FROM articles WHERE ord = ANY(${ords}::int4[])`;
  const out = new Map<number, CorpusRecord>();
  for (const r of rows) out.set(r.ord, toRecord(r));
  return out;
}

export async function findCandidates(sql: Sql, request: CandidatesRequest): Promise<CandidatesResponse> {
  const fingerprints = sortedUnique(request.fingerprints);
  const passageKeys = sortedUnique(request.passageKeys);
  const live = await articleCount(sql);
  const limit = dfLimitFor(live);
  const passageLimit = passageDfLimitFor(live);
  const [fp, pk] = await Promise.all([
    postingsOf(sql, 'fingerprint_postings', fingerprints, limit),
    postingsOf(sql, 'passage_postings', passageKeys, passageLimit),
  ]);
  // Dense tallies over the touched ordinals, in ascending ordinal order (ties rank by ordinal).
  const touchedOrds = sortedUnique([...[...fp.ords.values()].flat(), ...[...pk.ords.values()].flat()]);
  const slot = new Map(touchedOrds.map((ord, i) => [ord, i]));
  const tally = { fp: new Uint32Array(touchedOrds.length), pk: new Uint32Array(touchedOrds.length), score: new Float64Array(touchedOrds.length) };
  for (const key of fingerprints) {
    const list = fp.ords.get(key);
    if (!list) continue;
    const weight = 1 / fp.df.get(key)!;
    for (const ord of list) {
      const i = slot.get(ord)!;
      tally.fp[i]++;
      tally.score[i] += weight;
    }
  }
  for (const key of passageKeys) for (const ord of pk.ords.get(key) ?? []) tally.pk[slot.get(ord)!]++;
  const ranked = selectCandidates(
    touchedOrds.map((_, i) => i),
    tally,
  ).map((c) => touchedOrds[c.ord]);
  const records = await fetchArticles(sql, ranked);
  return {
    articles: live,
    // An article deleted since its postings were read is left out.
    candidates: ranked.map((ord) => records.get(ord)).filter((r): r is CorpusRecord => r !== undefined),
    boilerplate: {
      fingerprints: fingerprints.filter((k) => (fp.df.get(k) ?? 0) > limit),
      passageKeys: passageKeys.filter((k) => (pk.df.get(k) ?? 0) > passageLimit),
    },
  };
}
