/**
 * The per-file pipeline: collects the first bytes, recognises the format and the text encoding, then streams
 * the file through decompression (zip, gzip), decoding and the format's parser. Never throws: unexpected
 * errors become an issue for the file.
 */
import { CsvParser } from './csv-parser';
import { DecodingSink } from './decoding-sink';
import type { FileContext } from './file-context';
import { GzipReader } from './gzip-reader';
import { JsonArrayParser } from './json-array-parser';
import { JsonLinesParser } from './json-lines-parser';
import { MAX_ARCHIVE_DEPTH, SNIFF_BYTES } from './limits';
import { projectFileReason } from './skipped-paths';
import { extensionOf, PLAIN_TEXT_EXTENSIONS, sniffFormat } from './sniff-format';
import { detectEncoding } from './text-decoding';
import type { ByteSink, ImportFormat, TextSink } from './types';
import { HtmlParser, PlainTextParser } from './whole-file-parser';
import { ZipReader } from './zip-reader';

/** Extensions whose single JSON object (on one line) makes a single-record file; see `JsonLinesParser`. */
const JSON_LINES_EXTENSIONS = new Set(['jsonl', 'ndjson', 'jsonlines']);

export class FileSink implements ByteSink {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private inner: ByteSink | null = null;
  private totalBytes = 0;
  private failed = false;

  /**
   * @param ctx where records and issues go; `ctx.path` is used in ids
   * @param nameForFormat the name whose extension hints at the format (differs from the path for `x.csv.gz`)
   */
  constructor(private readonly ctx: FileContext, private readonly nameForFormat: string = ctx.path) {}

  /** True once the rest of the file will be ignored, so the reader may stop reading it. */
  get done(): boolean {
    return this.ctx.done;
  }

  push(chunk: Uint8Array): void {
    if (this.ctx.done || chunk.length === 0) return;
    this.totalBytes += chunk.length;
    if (this.inner) {
      this.guard(() => this.inner?.push(chunk));
      return;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= SNIFF_BYTES) this.guard(() => this.start());
  }

  end(): void {
    if (!this.failed) {
      this.guard(() => {
        if (!this.inner && !this.ctx.done) {
          if (this.totalBytes === 0) {
            this.ctx.fileIssue('empty file');
            return;
          }
          this.start();
        }
        this.inner?.end();
      });
    }
    if (this.ctx.records === 0 && this.ctx.issues === 0) this.ctx.fileIssue('no records found');
    this.ctx.done = true;
  }

  /**
   * The file cannot be read further: parse what arrived (complete lines and rows become records) but do not
   * finish the file, so a cut-off last record is not imported.
   */
  abandon(): void {
    if (!this.inner && !this.ctx.done && !this.failed && this.headBytes > 0) this.guard(() => this.start());
    this.ctx.done = true;
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (e) {
      this.ctx.fileIssue(`could not read file (${e instanceof Error ? e.message : String(e)})`);
      this.failed = true;
      this.ctx.done = true;
    }
  }

  /**
   * Recognises the format from the bytes collected so far and replays them into the chosen pipeline, chunk by
   * chunk as they came (so the later stages see the same boundaries whether or not the head was buffered).
   */
  private start(): void {
    const chunks = this.head;
    this.head = [];
    const notAnArticle = projectFileReason(this.nameForFormat);
    if (notAnArticle) {
      this.refuse(notAnArticle);
      return;
    }
    const head = concat(chunks);
    const format = sniffFormat(head, this.nameForFormat);
    this.inner = this.pipelineFor(format, head);
    for (const chunk of chunks) {
      if (!this.inner || this.ctx.done) break;
      this.inner.push(chunk);
    }
  }

  private pipelineFor(format: ImportFormat, head: Uint8Array): ByteSink | null {
    const ctx = this.ctx;
    const ext = extensionOf(this.nameForFormat);
    switch (format) {
      case 'binary':
        return this.refuse('binary file, not imported');
      case 'wtc':
        return this.refuse('WireTrace index file (.wtc), not corpus data; not imported');
      case 'zip':
      case 'gzip':
        if (ctx.depth >= MAX_ARCHIVE_DEPTH) return this.refuse('archive nested too deeply, not imported');
        if (format === 'zip') return new ZipReader(ctx, (entryCtx) => new FileSink(entryCtx));
        return new GzipReader(ctx, new FileSink(ctx, this.nameForFormat.replace(/\.gz$/i, '')));
      case 'html':
        if (!ctx.options.extractHtml) return this.refuse('HTML import needs an extractor');
        return this.text(head, new HtmlParser(ctx));
      case 'txt':
        if (!PLAIN_TEXT_EXTENSIONS.has(ext)) return this.refuse(`unsupported file type ".${ext}", not imported`);
        return this.text(head, new PlainTextParser(ctx));
      case 'jsonl':
        return this.text(head, new JsonLinesParser(ctx, !JSON_LINES_EXTENSIONS.has(ext)));
      case 'json-array':
        return this.text(head, new JsonArrayParser(ctx));
      case 'csv':
        return this.text(head, new CsvParser(ctx, null));
      case 'tsv':
        return this.text(head, new CsvParser(ctx, '\t'));
    }
  }

  private text(head: Uint8Array, parser: TextSink): ByteSink {
    return new DecodingSink(this.ctx, detectEncoding(head), parser);
  }

  private refuse(reason: string): null {
    this.ctx.fileIssue(reason);
    this.ctx.done = true;
    return null;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
