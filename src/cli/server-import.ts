/**
 * `wiretrace import --server URL --token T PATH...`: the local importers read the files (every format
 * `--corpus` reads, .wtc included) and the records stream to `POST /v1/articles` in batches. The import
 * identity rule is the local import's (`Deduper.admit`, the same summary): within the run the client's
 * `Deduper` decides; against the stored corpus the server finds duplicates by text and reports a new text
 * under a taken id (`idTaken`), which is sent again under its file-scoped id (b.csv#1). Re-running an
 * interrupted import adds what is missing and counts the rest as duplicates.
 */
import { readFile } from 'node:fs/promises';
import { isCorpusFile, readCorpus, type CorpusRecord } from '@wiretrace/engine';
import { admissionNote, Deduper, importSources, type ImportIssue } from '@wiretrace/engine/formats';
import type { IngestResponse } from '../server/api';
import { NDJSON } from '../server/api';
import { pathSources } from './fs-sources';
import { extractFromHtml } from './lazy-extract';
import { CorpusLoadError, headBytes } from './load-corpus';
import { postToServer, type ServerTarget } from './server-client';
import { emptySummary, noteAdmission, noteIssue, noteRenamed, type LoadSummary } from './summary';

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
  const summary: LoadSummary = emptySummary();
  const dedupe = new Deduper();
  let lines: string[] = [];
  let origins: Located[] = [];
  let bytes = 0;
  let sent = 0;
  const flush = async (): Promise<void> => {
    while (lines.length > 0) {
      const res = await postToServer<IngestResponse>(target, '/v1/articles', `${lines.join('\n')}\n`, NDJSON);
      summary.imported += res.imported;
      summary.duplicates += res.duplicates;
      for (const issue of res.issues) {
        const at = origins[issue.line - 1];
        noteIssue(summary, { file: at.file, line: at.line, reason: at.line ? `line ${at.line}: ${issue.reason}` : issue.reason });
      }
      sent += lines.length - res.idTaken.length;
      onProgress?.(sent);
      // A new text whose id the stored corpus holds: sent again under a fresh file-scoped id.
      const again = res.idTaken.map((line): Located => {
        const at = origins[line - 1];
        const record = { ...at.record, id: dedupe.freeScopedId(at.file, at.record.id) };
        noteRenamed(summary, admissionNote({ kind: 'renamed', record, takenId: at.record.id }, at.file, at.line));
        return { ...at, record };
      });
      origins = again;
      lines = again.map((a) => JSON.stringify(a.record));
      bytes = 0;
    }
  };
  for await (const read of recordsOf(paths, (issue) => noteIssue(summary, issue))) {
    const kept = noteAdmission(summary, dedupe.admit(read.record, read.file), read.file, read.line);
    if (!kept) continue;
    const located = { ...read, record: kept };
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
