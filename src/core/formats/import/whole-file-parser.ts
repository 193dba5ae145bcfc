/**
 * Single-record formats read whole: plain text (`.txt`) and HTML. Held in memory up to `MAX_RECORD_CHARS`;
 * a bigger file is skipped with an issue (and the rest of it is not read).
 */
import { runExtractor } from './record-fields';
import type { FileContext } from './file-context';
import { formatSize, MAX_RECORD_CHARS } from './limits';
import { normaliseLine, normaliseText } from './text-normalise';
import type { TextSink } from './types';

abstract class WholeFileParser implements TextSink {
  private parts: string[] = [];
  private chars = 0;
  private tooBig = false;

  constructor(protected readonly ctx: FileContext, private readonly kind: string) {}

  push(text: string): void {
    if (this.tooBig) return;
    this.chars += text.length;
    if (this.chars > MAX_RECORD_CHARS) {
      this.tooBig = true;
      this.parts = [];
      this.ctx.fileIssue(
        `file larger than ${formatSize(MAX_RECORD_CHARS)}; ${this.kind} files are read whole and may be at most ${formatSize(MAX_RECORD_CHARS)}`,
      );
      this.ctx.done = true;
      return;
    }
    this.parts.push(text);
  }

  end(): void {
    if (this.tooBig) return;
    const content = this.parts.join('');
    this.parts = [];
    this.finish(content);
  }

  protected abstract finish(content: string): void;
}

/** Plain text: the first non-empty line is the title, the rest the text. A one-line file is title and text. */
export class PlainTextParser extends WholeFileParser {
  constructor(ctx: FileContext) {
    super(ctx, 'plain-text');
  }

  protected finish(content: string): void {
    const text = normaliseText(content);
    if (text === '') return; // the decoder reports the empty file
    const nl = text.indexOf('\n');
    const firstLine = nl < 0 ? text : text.slice(0, nl);
    const rest = nl < 0 ? '' : normaliseText(text.slice(nl + 1));
    this.ctx.record(
      { id: this.ctx.path, title: normaliseLine(firstLine), outlet: null, url: null, published: null, text: rest || text },
      null,
    );
  }
}

/** HTML: the whole page goes to the injected extractor. */
export class HtmlParser extends WholeFileParser {
  constructor(ctx: FileContext) {
    super(ctx, 'HTML');
  }

  protected finish(content: string): void {
    const extractHtml = this.ctx.options.extractHtml;
    if (!extractHtml) {
      this.ctx.fileIssue('HTML import needs an extractor');
      return;
    }
    const found = runExtractor(extractHtml, content, null);
    if ('error' in found) {
      this.ctx.fileIssue(found.error);
      return;
    }
    this.ctx.record({ id: this.ctx.path, ...found }, null);
  }
}
