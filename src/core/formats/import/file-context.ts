/** Per-file state shared by the pipeline stages: where events go, counters, fallback ids. */
import type { CorpusRecord } from '../../types';
import type { ImportEvent, ImportOptions } from './types';

export class FileContext {
  /** Records and issues emitted for this file, including those of its archive entries. */
  records = 0;
  issues = 0;
  /** Set when nothing more of this file will be used; the reader may stop reading it. */
  done = false;

  private lastIdLine = -1;
  private sameLineCount = 0;

  constructor(
    /** Relative path used in ids and messages. */
    readonly path: string,
    private readonly emitEvent: (event: ImportEvent) => void,
    readonly options: ImportOptions,
    /** 0 for a source, 1 for an entry of an archive, 2 for an entry of an archive inside an archive… */
    readonly depth: number,
    private readonly parent: FileContext | null = null,
  ) {}

  /**
   * Context for an entry of an archive that this file is. `emit` replaces where its events go (a zip entry's
   * records are held until its checksum is verified); by default they go where this file's go.
   */
  child(path: string, emit: (event: ImportEvent) => void = this.emitEvent): FileContext {
    return new FileContext(path, emit, this.options, this.depth + 1, this);
  }

  /** Sends an event on as this file's own (a held event released). */
  forward(event: ImportEvent): void {
    this.emitEvent(event);
  }

  record(record: CorpusRecord, line: number | null): void {
    this.countRecord();
    this.emitEvent({ type: 'record', record, file: this.path, line });
  }

  /** An issue about the whole file. */
  fileIssue(reason: string): void {
    this.countIssue();
    this.emitEvent({ type: 'issue', issue: { file: this.path, line: null, reason } });
  }

  /** An issue about one line; the reason gets the `line N: ` prefix. */
  lineIssue(line: number, reason: string): void {
    this.countIssue();
    this.emitEvent({ type: 'issue', issue: { file: this.path, line, reason: `line ${line}: ${reason}` } });
  }

  private countRecord(): void {
    this.records++;
    this.parent?.countRecord();
  }

  private countIssue(): void {
    this.issues++;
    this.parent?.countIssue();
  }

  /**
   * Id for a record without one: `path:LINE`. Several records starting on the same line (a JSON array on
   * one line) get `path:LINE`, `path:LINE#2`, `path:LINE#3`… so ids stay unique. Call once per record, in order.
   */
  lineId(line: number): string {
    if (line === this.lastIdLine) {
      this.sameLineCount++;
      return `${this.path}:${line}#${this.sameLineCount}`;
    }
    this.lastIdLine = line;
    this.sameLineCount = 1;
    return `${this.path}:${line}`;
  }
}
