/**
 * The reading history as the options page shows and exports it: which entries the list shows, the outlet
 * report (per outlet of the pages read: how many, how many recycled, from which sources), and both as CSV.
 * Pure (no DOM), so that it is tested in Node (test/ui/options/history-report.test.ts).
 */
import Papa from 'papaparse';
import { isRecycledLevel } from '@wiretrace/engine';
import type { HistoryEntry, HistorySource } from '../../store/history/history-entry';

/**
 * A page counts as recycled when its scan's level was `recycled` or `mostly` (share ≥ RECYCLED_SHARE in
 * src/core/facts.ts): exactly the pages whose badge was amber or red, since the entry stores the level the
 * badge was coloured by. A lower bar would count pages that merely quote an agency; a higher one (the red
 * half) would miss articles stitched from a wire and some reporting of their own.
 */
export { RECYCLED_SHARE } from '@wiretrace/engine';

/** Sources named per outlet in the report (and its CSV): the few an outlet leans on most. */
export const OUTLET_TOP_SOURCES = 3;

/** Name shown for pages or sources with no outlet and no host. */
export const UNKNOWN_OUTLET = '(unknown)';

export function hasReuse(entry: Pick<HistoryEntry, 'sourceCount'>): boolean {
  return entry.sourceCount > 0;
}

export function isRecycled(entry: Pick<HistoryEntry, 'level'>): boolean {
  return isRecycledLevel(entry.level);
}

export interface OutletSourceCount {
  /** The source's outlet (else its host, else its title). */
  name: string;
  /** Recycled pages of the outlet that drew on it. */
  pages: number;
}

export interface OutletRow {
  outlet: string;
  /** Pages of this outlet read (checked). */
  read: number;
  /** Of which recycled (share ≥ RECYCLED_SHARE). */
  recycled: number;
  /** recycled ÷ read. */
  share: number;
  /** The OUTLET_TOP_SOURCES sources most drawn on by its recycled pages, most first. */
  sources: OutletSourceCount[];
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}

/** An entry's outlet as the report groups it: og:site_name or host, trimmed. */
export function outletName(entry: Pick<HistoryEntry, 'outlet' | 'url'>): string {
  return entry.outlet?.trim() || hostOf(entry.url) || UNKNOWN_OUTLET;
}

export function sourceName(source: Pick<HistorySource, 'outlet' | 'url' | 'title' | 'id'>): string {
  return source.outlet?.trim() || hostOf(source.url) || source.title?.trim() || source.id;
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One row per outlet (case-insensitive; spelled as in its first entry, the newest when given newest
 * first), most pages read first. A source is counted once per recycled page, whatever its share.
 */
export function outletReport(entries: readonly HistoryEntry[]): OutletRow[] {
  const groups = new Map<string, { outlet: string; read: number; recycled: number; sources: Map<string, { name: string; pages: number }> }>();
  for (const e of entries) {
    const outlet = outletName(e);
    const key = outlet.toLowerCase();
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { outlet, read: 0, recycled: 0, sources: new Map() }));
    g.read++;
    if (!isRecycled(e)) continue;
    g.recycled++;
    const names = new Map(e.sources.map((s) => [sourceName(s).toLowerCase(), sourceName(s)]));
    for (const [k, name] of names) {
      const s = g.sources.get(k);
      if (s) s.pages++;
      else g.sources.set(k, { name, pages: 1 });
    }
  }
  return [...groups.values()]
    .map((g) => ({
      outlet: g.outlet,
      read: g.read,
      recycled: g.recycled,
      share: g.recycled / g.read,
      sources: [...g.sources.values()].sort((a, b) => b.pages - a.pages || byName(a.name, b.name)).slice(0, OUTLET_TOP_SOURCES),
    }))
    .sort((a, b) => b.read - a.read || byName(a.outlet, b.outlet));
}

export const HISTORY_CSV_FIELDS = ['checked_at', 'outlet', 'title', 'url', 'words', 'source_count', 'share', 'sources', 'source_urls'] as const;
export const OUTLET_CSV_FIELDS = ['outlet', 'articles_read', 'recycled', 'recycled_share', 'top_sources'] as const;

/** Shares in the CSV: a fraction with three decimals (spreadsheets format it as they like). */
const fraction = (share: number): string => share.toFixed(3);

// escapeFormulae: titles and outlets come from web pages; a cell starting with = + - @ would run as a
// formula in a spreadsheet, so Papa prefixes it with a quote (as in the popup's export-report.ts).
const unparse = (fields: readonly string[], data: string[][]): string => Papa.unparse({ fields: [...fields], data }, { escapeFormulae: true, newline: '\r\n' });

/** One row per entry, in the order given; sources as "outlet (share)" joined by "; ". */
export function historyCsv(entries: readonly HistoryEntry[]): string {
  return unparse(
    HISTORY_CSV_FIELDS,
    entries.map((e) => [
      e.checkedAt,
      outletName(e),
      e.title ?? '',
      e.url,
      String(e.words),
      String(e.sourceCount),
      fraction(e.share),
      e.sources.map((s) => `${sourceName(s)} (${Math.round(s.share * 100)} %)`).join('; '),
      e.sources.map((s) => s.url ?? '').join(' '),
    ]),
  );
}

/** One row per outlet; top sources as "name (pages)" joined by "; ". */
export function outletCsv(rows: readonly OutletRow[]): string {
  return unparse(
    OUTLET_CSV_FIELDS,
    rows.map((r) => [r.outlet, String(r.read), String(r.recycled), fraction(r.share), r.sources.map((s) => `${s.name} (${s.pages})`).join('; ')]),
  );
}

/** "wiretrace-history-2024-05-01.csv", "wiretrace-outlets-2024-05-01.csv". */
export function historyFileName(kind: 'history' | 'outlets', now: Date = new Date()): string {
  return `wiretrace-${kind}-${now.toISOString().slice(0, 10)}.csv`;
}
