/**
 * Public types of the corpus importers. Everything under `src/core/formats/import` is pure: no DOM, no `chrome.*`, no
 * Node built-ins. Bytes come in as `Uint8Array` chunks, text is decoded with `TextDecoder`.
 */
import type { CorpusRecord } from '../../types';

/** One file to import. The CLI builds these from a folder walk, the extension from `<input type=file>`. */
export interface ImportSource {
  /** Relative path used for ids and messages ("a/b.jsonl"); for a single file just its name. */
  path: string;
  /** The file's bytes, in chunks of any size. Called once. */
  chunks(): AsyncIterable<Uint8Array>;
}

/** A skipped record or an unreadable file. */
export interface ImportIssue {
  /** Relative path of the file; for an archive entry `archive.zip/folder/file.jsonl`. */
  file: string;
  /** 1-based line where the problem starts, or null when it concerns the whole file. */
  line: number | null;
  /** Human-readable reason; starts with `line N: ` when `line` is set. */
  reason: string;
}

export type ImportEvent =
  | { type: 'record'; record: CorpusRecord; file: string; line: number | null }
  | { type: 'issue'; issue: ImportIssue }
  /** Bytes of this (top-level) source consumed so far, for progress bars. */
  | { type: 'progress'; file: string; bytes: number };

/** What an HTML extractor found in a page. */
export interface ExtractedHtml {
  title: string | null;
  text: string;
  published: string | null;
  outlet: string | null;
  url: string | null;
}

/**
 * Turns an HTML document into article text, or null when there is no article. Injected: the CLI passes a
 * jsdom + Readability one, the extension a DOMParser one. Must be synchronous.
 */
export type ExtractHtml = (html: string, url: string | null) => ExtractedHtml | null;

export interface ImportOptions {
  /** Needed for `.html` files and for records that only carry an `html` field. */
  extractHtml?: ExtractHtml;
  /** Checked between records; when aborted the import throws `signal.reason` (by default an `AbortError`). */
  signal?: AbortSignal;
  /**
   * Read a WireTrace backup's records as plain articles (the CLI). Otherwise a backup is refused with
   * `BACKUP_REFUSED`: the extension restores it through its own path, with its settings and metadata.
   */
  readBackups?: boolean;
}

/** What `sniffFormat` recognises. */
export type ImportFormat =
  | 'zip'
  | 'gzip'
  | 'json-array'
  | 'jsonl'
  | 'csv'
  | 'tsv'
  | 'html'
  | 'txt'
  | 'wtc'
  | 'binary';

/** A push-style consumer of bytes; the importer's pipeline stages implement it. */
export interface ByteSink {
  push(chunk: Uint8Array): void;
  end(): void;
  /** The data broke off: use what arrived (complete lines and rows) but do not finish the last record. */
  abandon?(): void;
}

/** A push-style consumer of decoded text. */
export interface TextSink {
  push(text: string): void;
  end(): void;
}
