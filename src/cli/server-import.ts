/**
 * `wiretrace import --server URL --token T PATH...`: the local importers read the files (every format
 * `--corpus` reads, .wtc included) and the records stream to `POST /v1/articles` in batches. The server
 * decides duplicates (by id and by text, as the local import does), so re-running an interrupted import
 * adds what is missing and counts the rest as duplicates.
 */
import { readFile } from 'node:fs/promises';
import { isCorpusFile, readCorpus, type CorpusRecord } from '@wiretrace/engine';
import { importSources, type ImportIssue } from '@wiretrace/engine/formats';
import type { IngestResponse } from '../server/api';
import { NDJSON } from '../server/api';
import { pathSources } from './fs-sources';
import { extractFromHtml } from './lazy-extract';
import { CorpusLoadError, headBytes } from './load-corpus';
import { postToServer, type ServerTarget } from './server-client';
import { noteIssue, type LoadSummary } from './summary';

/** Records per request. */
export const BATCH_RECORDS = 1000;
/** A request is sent once its body reaches this size. */
export const BATCH_BYTES = 8 * 1024 * 1024;

interface Located {
  record: CorpusRecord;
  file: string;
  line: number | null;
}

/** Every record of the paths, in order; unreadable records and files go to `onIssue`. */
async function* recordsOf(paths: string[], onIssue: (issue: ImportIssue) => void): AsyncGenerator<Located> {
  for (const p of paths) {
    try {
      for await (const src of pathSources(p)) {
        if (isCorpusFile(await headBytes(src.file))) {
          const { corpus } = readCorpus(new Uint8Array(await readFile(src.file)));
          for (const record of corpus.all()) yield { record, file: src.path, line: null };
          continue;
        }
        for await (const ev of importSources([src], { readBackups: true, extractHtml: (html, url) => extractFromHtml(html, url ?? undefined) })) {
          if (ev.type === 'issue') onIssue(ev.issue);
          else if (ev.type === 'record') yield { record: ev.record, file: ev.file, line: ev.line };
        }
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') throw new CorpusLoadError(`corpus ${p}: no such file or folder`);
      if (err.code === 'EACCES') throw new CorpusLoadError(`corpus ${p}: permission denied`);
      throw e;
    }
  }
}

export async function importToServer(paths: string[], target: ServerTarget, onProgress?: (sent: number) => void): Promise<LoadSummary> {
  const summary: LoadSummary = { imported: 0, duplicates: 0, skipped: 0, issues: [], moreIssues: 0 };
  let lines: string[] = [];
  let origins: Located[] = [];
  let bytes = 0;
  let sent = 0;
  const flush = async (): Promise<void> => {
    if (lines.length === 0) return;
    const res = await postToServer<IngestResponse>(target, '/v1/articles', `${lines.join('\n')}\n`, NDJSON);
    summary.imported += res.imported;
    summary.duplicates += res.duplicates;
    for (const issue of res.issues) {
      const at = origins[issue.line - 1];
      noteIssue(summary, { file: at.file, line: at.line, reason: at.line ? `line ${at.line}: ${issue.reason}` : issue.reason });
    }
    sent += lines.length;
    onProgress?.(sent);
    lines = [];
    origins = [];
    bytes = 0;
  };
  for await (const located of recordsOf(paths, (issue) => noteIssue(summary, issue))) {
    const line = JSON.stringify(located.record);
    if (lines.length > 0 && bytes + line.length > BATCH_BYTES) await flush();
    lines.push(line);
    origins.push(located);
    bytes += line.length + 1;
    if (lines.length >= BATCH_RECORDS) await flush();
  }
  await flush();
  return summary;
}
