/**
 * What-if measurements at the largest corpus size: the shipped candidate selection against two changes
 * one could make in src/core, applied to this one index instance only (its `dfLimit` and `candidates`
 * are shadowed, then restored). Nothing here changes the engine; it shows what a change would buy.
 */
import type { MemoryCorpus, Candidate, Analysis } from '@wiretrace/engine';
import type { TestPage } from './corpus-gen';
import { countVisits } from './probe';
import { RecallTally } from './recall';
import { fmtCount, fmtInt, fmtMs, fmtPct, type Table } from './report';
import { latencies, mean, summarize, type Summary } from './stats';

export interface WhatIfVariant {
  label: string;
  /** Upper bound on the document-frequency limit (Infinity: as shipped). */
  dfCap: number;
  /** Keep only candidates with at least two pieces of evidence (fingerprints and passage keys). */
  evidence: boolean;
}

export const WHAT_IF_VARIANTS: WhatIfVariant[] = [
  { label: 'as shipped', dfCap: Infinity, evidence: false },
  { label: 'df limit capped at 100 documents', dfCap: 100, evidence: false },
  { label: 'cap 100 + candidates need ≥2 shared keys', dfCap: 100, evidence: true },
];

export interface WhatIfRow {
  variant: WhatIfVariant;
  dfLimit: number;
  candidates: Summary;
  walked: number;
  sources: number;
  scan: Summary;
  recall: number;
}

function twoPieces(c: Candidate): boolean {
  return c.fingerprintHits + c.passageHits >= 2;
}

export function runWhatIf(
  corpus: MemoryCorpus,
  pages: TestPage[],
  analyses: Analysis[],
  warmup: TestPage[],
  repeat: number,
  log: (m: string) => void,
): WhatIfRow[] {
  const index = corpus.index;
  const shippedLimit = index.dfLimit.bind(index);
  const shippedCandidates = index.candidates.bind(index);
  const holds = (id: string, text: string): boolean => corpus.get(id)?.text.includes(text) ?? false;
  const rows: WhatIfRow[] = [];
  try {
    for (const v of WHAT_IF_VARIANTS) {
      index.dfLimit = () => Math.min(shippedLimit(), v.dfCap);
      index.candidates = (page, opts) => {
        const all = shippedCandidates(page, opts);
        return v.evidence ? all.filter(twoPieces) : all;
      };
      const limit = index.dfLimit();
      const candidates = summarize(latencies(analyses, (a) => index.candidates(a), analyses, repeat));
      const walked = countVisits(index, analyses).map((v) => v.fingerprints + v.passages);
      const sources = analyses.map((a) => index.candidates(a).length);
      const tally = new RecallTally();
      const scan = summarize(latencies(pages, (p) => tally.add(p, corpus.scan(p.text), holds), warmup));
      log(`what-if ${v.label}: candidates() p95 ${fmtMs(candidates.p95)}, scan p50 ${fmtMs(scan.p50)}, recall ${fmtPct(tally.recall)}`);
      rows.push({ variant: v, dfLimit: limit, candidates, walked: mean(walked), sources: mean(sources), scan, recall: tally.recall });
    }
  } finally {
    Reflect.deleteProperty(index, 'dfLimit');
    Reflect.deleteProperty(index, 'candidates');
  }
  return rows;
}

export function whatIfTable(docs: number, rows: WhatIfRow[]): Table {
  return {
    title: `What if (not shipped): candidate selection at ${fmtCount(docs)}`,
    columns: ['variant:', 'df limit', 'candidates() p50', 'p95', 'postings walked/page', 'sources aligned/page', 'scan p50', 'scan p95', 'recall'],
    rows: rows.map((r) => [
      r.variant.label,
      fmtInt(r.dfLimit),
      fmtMs(r.candidates.p50),
      fmtMs(r.candidates.p95),
      fmtInt(r.walked),
      r.sources.toFixed(1),
      fmtMs(r.scan.p50),
      fmtMs(r.scan.p95),
      fmtPct(r.recall),
    ]),
    notes: [
      'Same corpus and pages as above; the variants shadow `dfLimit()` and `candidates()` on this index instance only. ' +
        'The df limit is `max(10, 1 % of the corpus)` as shipped, so a key 1,000 documents share is still walked at 100k. ' +
        'The evidence rule drops candidates that share a single key with the page (one fingerprint, or one passage key). ' +
        'Scans of the three variants run one after the other, so the analysis cache of the corpus (256 sources) is warm ' +
        'from the previous pass for the few sources pages share.',
    ],
  };
}
