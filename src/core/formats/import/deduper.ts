/**
 * Duplicate detection for large corpora. Ids and texts are remembered as 64-bit hashes (two independent
 * 32-bit hashes) in open-addressing tables of 32-bit words (HashSet64, hash-set64.ts): about 16–32 bytes per
 * record for both tables together, so a million records cost tens of MB, not the size of the texts. Two different texts collide with
 * a probability of about n² / 2⁶⁵ (≈ 3·10⁻⁸ for a million records).
 */
import type { CorpusRecord } from '../../types';
import { HashSet64 } from './hash-set64';
import { isWhitespaceCode } from './text-normalise';
import type { ImportIssue } from './types';

export type DedupeResult = 'new' | 'duplicate-id' | 'duplicate-text';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const MURMUR_M = 0x5bd1e995;
const MURMUR_SEED = 0x9747b28c;

/** Bound once: looking `Math` up on every character is slow where globals are proxied (jest's vm contexts). */
const imul = Math.imul;

let hashHigh = 0;
let hashLow = 0;

/** Hashes the exact string into `hashHigh`/`hashLow`. */
function hashExact(s: string): void {
  let a = FNV_OFFSET;
  let b = MURMUR_SEED ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = imul(a ^ c, FNV_PRIME);
    b = mix(b, c);
  }
  hashHigh = a >>> 0;
  hashLow = finish(b);
}

/** Hashes the text as compared for duplicates: lower case, whitespace runs as one space, trimmed. */
function hashNormalised(text: string): void {
  const s = text.toLowerCase();
  let a = FNV_OFFSET;
  let b = MURMUR_SEED;
  let pendingSpace = false;
  let started = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isWhitespaceCode(c)) {
      pendingSpace = started;
      continue;
    }
    if (pendingSpace) {
      a = imul(a ^ 32, FNV_PRIME);
      b = mix(b, 32);
      pendingSpace = false;
    }
    started = true;
    a = imul(a ^ c, FNV_PRIME);
    b = mix(b, c);
  }
  hashHigh = a >>> 0;
  hashLow = finish(b);
}

function mix(h: number, c: number): number {
  let k = imul(c, MURMUR_M);
  k ^= k >>> 24;
  k = imul(k, MURMUR_M);
  return imul(h, MURMUR_M) ^ k;
}

function finish(h: number): number {
  h ^= h >>> 13;
  h = imul(h, MURMUR_M);
  h ^= h >>> 15;
  return h >>> 0;
}

/** What `Deduper.admit` decided for a record read from a file. */
export type Admission =
  /** A new article, under its own id. */
  | { kind: 'new'; record: CorpusRecord }
  /** A new article whose id another article already holds: kept under `record.id`, a scoped id (see `scopedId`). */
  | { kind: 'renamed'; record: CorpusRecord; takenId: string }
  /** Its text equals an accepted text: the same article, not added. */
  | { kind: 'duplicate' };

/**
 * The id a record gets when its own id is taken by a different article: the id scoped to its file,
 * `news/b.csv#17`, then `news/b.csv#17~2`, `~3`… (attempt 1, 2, 3…). Two files that both number their rows
 * 1..N keep every row; importing the second file again finds the same scoped ids holding the same texts.
 */
export function scopedId(file: string, id: string, attempt: number): string {
  return attempt <= 1 ? `${file}#${id}` : `${file}#${id}~${attempt}`;
}

/** True when the two texts are the same article for the deduper (equal after lower-casing and collapsing whitespace). */
export function sameText(a: string, b: string): boolean {
  hashNormalised(a);
  const high = hashHigh;
  const low = hashLow;
  hashNormalised(b);
  return high === hashHigh && low === hashLow;
}

/**
 * Remembers accepted records: their ids and their texts (as compared for duplicates: lower case, whitespace
 * collapsed). Rejected records are not remembered.
 *
 * The identity rule of an import (`admit`): the text decides. A record whose text equals an accepted text is a
 * duplicate, whatever its id. A record with a new text is always kept; when its id is already taken (two CSV
 * files that both number their rows 1..N) it is kept under its id scoped to its file (`scopedId`), and the
 * caller lists the renaming. So no row is ever dropped because of its id alone.
 *
 * `accept` is the stricter rule of direct additions (captured pages, whose id is their URL): a taken id is a
 * duplicate too.
 */
export class Deduper {
  private readonly ids = new HashSet64();
  private readonly texts = new HashSet64();

  /** The import rule (see the class comment); `file` is where the record was read, for a scoped id. */
  admit(record: CorpusRecord, file: string): Admission {
    hashNormalised(record.text);
    if (!this.texts.add(hashHigh, hashLow)) return { kind: 'duplicate' };
    if (this.claimId(record.id)) return { kind: 'new', record };
    return { kind: 'renamed', record: { ...record, id: this.freeScopedId(file, record.id) }, takenId: record.id };
  }

  /**
   * Takes the first scoped id of `id` that no accepted record holds (see `scopedId`). The store calls it again
   * when the corpus already holds the scoped id with another text: each call gives a fresh one.
   */
  freeScopedId(file: string, id: string): string {
    for (let n = 1; ; n++) {
      const candidate = scopedId(file, id, n);
      if (this.claimId(candidate)) return candidate;
    }
  }

  /** Remembers a record already in the corpus (its id and its text), whatever it duplicates. */
  remember(record: CorpusRecord): void {
    hashNormalised(record.text);
    this.texts.add(hashHigh, hashLow);
    this.claimId(record.id);
  }

  /** Marks the id as taken; false when it already was. */
  claimId(id: string): boolean {
    hashExact(id);
    return this.ids.add(hashHigh, hashLow);
  }

  accept(record: CorpusRecord): DedupeResult {
    hashExact(record.id);
    const idHigh = hashHigh;
    const idLow = hashLow;
    if (this.ids.has(idHigh, idLow)) return 'duplicate-id';
    hashNormalised(record.text);
    if (!this.texts.add(hashHigh, hashLow)) return 'duplicate-text';
    this.ids.add(idHigh, idLow);
    return 'new';
  }

  /** Number of accepted ids. */
  get size(): number {
    return this.ids.size;
  }

  /** Approximate memory held, in bytes. */
  get byteLength(): number {
    return this.ids.byteLength + this.texts.byteLength;
  }
}

/** The line an import summary lists for a record that was renamed or not added (null for a new one). */
export function admissionNote(admission: Admission, file: string, line: number | null): ImportIssue | null {
  if (admission.kind === 'new') return null;
  const at = line === null ? '' : `line ${line}: `;
  const reason =
    admission.kind === 'duplicate'
      ? `${at}duplicate: the same text as an article already imported; not added`
      : `${at}id "${admission.takenId}" is already used by another article; imported as "${admission.record.id}"`;
  return { file, line, reason };
}
