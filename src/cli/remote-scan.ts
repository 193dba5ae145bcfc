/**
 * Scanning against a team corpus server: the page is analysed here, only its index keys go to
 * `POST /v1/candidates`, and the candidate sources that come back are aligned here, with the same engine
 * as `--corpus`. The page's text never leaves the machine.
 */
import { analyze, analyzeText, finishScan, type BoilerplateTest, type Match, type MatchSource, type PageReport, type ScanOptions } from '@wiretrace/engine';
import type { CandidatesRequest, CandidatesResponse } from '../server/api';
import { pageReport, pageScanOptions, readPage, type PageError, type PageText } from './page';
import { postToServer, type ServerTarget } from './server-client';

/** A source found on a team server. */
export type TeamSource = MatchSource & { origin: 'team' };

/** Exactly what is sent for a page: its fingerprints and passage keys. */
export function candidatesRequest(text: string): { request: CandidatesRequest; analysis: ReturnType<typeof analyze> } {
  const analysis = analyze(text);
  return { analysis, request: { fingerprints: Array.from(analysis.fingerprints), passageKeys: Array.from(analysis.passageKeys) } };
}

export async function scanPageRemote(name: string, page: PageText, target: ServerTarget, opts: ScanOptions): Promise<PageReport> {
  const { analysis, request } = candidatesRequest(page.text);
  const res = await postToServer<CandidatesResponse>(target, '/v1/candidates', JSON.stringify(request), 'application/json');
  const fingerprints = new Set(res.boilerplate.fingerprints);
  const passages = new Set(res.boilerplate.passageKeys);
  const boilerplate: BoilerplateTest = { isBoilerplate: (k) => fingerprints.has(k), isBoilerplatePassage: (k) => passages.has(k) };
  const sources = res.candidates.map((record) => ({ record, analysis: analyzeText(record.text) }));
  const result = finishScan(boilerplate, analysis, sources, pageScanOptions(page, opts));
  const matches: Match[] = result.matches.map((m) => ({ ...m, source: { ...m.source, origin: 'team' } satisfies TeamSource }));
  return pageReport(name, page, { ...result, matches });
}

/** Reads and scans one page file; a page that cannot be read gives an error line, as with `--corpus`. */
export async function processPageRemote(name: string, target: ServerTarget, opts: ScanOptions): Promise<PageReport | PageError> {
  let page: PageText;
  try {
    page = await readPage(name);
  } catch (e) {
    return { page: name, error: (e as Error).message };
  }
  return scanPageRemote(name, page, target, opts);
}
