/** Bytes → text stage: streaming decode, then hand the text to a format parser. */
import type { FileContext } from './file-context';
import { createDecoder, type StreamDecoder, type TextEncodingName } from './text-decoding';
import { firstNonWhitespace } from './text-normalise';
import type { ByteSink, TextSink } from './types';

export class DecodingSink implements ByteSink {
  private readonly decoder: StreamDecoder;
  private sawContent = false;

  constructor(private readonly ctx: FileContext, encoding: TextEncodingName, private readonly parser: TextSink) {
    this.decoder = createDecoder(encoding);
  }

  push(chunk: Uint8Array): void {
    this.forward(this.decoder.decode(chunk));
  }

  end(): void {
    if (this.ctx.done) return; // the parser gave up on the file and has said why
    this.forward(this.decoder.flush());
    if (!this.sawContent) this.ctx.fileIssue('empty file');
    else this.parser.end();
  }

  private forward(text: string): void {
    if (text === '' || this.ctx.done) return;
    if (!this.sawContent && firstNonWhitespace(text) >= 0) this.sawContent = true;
    this.parser.push(text);
  }
}
