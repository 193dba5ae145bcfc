/** Damaged, foreign and unreadable corpus files: refused with a clear CorpusFileError (corpus-file.ts). */
import { ByteReader } from '../binary';
import { CorpusFileError, ENGINE_PARAMS, FORMAT_VERSION, isCorpusFile, MAGIC, readCorpus, writeCorpus } from '../corpus-file';
import { errorOf, fixture, patchHeader, writtenFixture } from './corpus-file-fixture';

/** Expects reading `bytes` to throw a CorpusFileError whose message matches `message`; returns it. */
function refused(bytes: Uint8Array, message: RegExp): Error {
  const e = errorOf(() => readCorpus(bytes));
  expect(e).toBeInstanceOf(CorpusFileError);
  expect(e.message).toMatch(message);
  return e;
}

describe('corpus file', () => {
  const { corpus: fxCorpus, bytes } = writtenFixture(42, 40);

  test('truncated files are refused with a clear CorpusFileError', () => {
    const small = writeCorpus(fixture(9, 4).corpus);
    for (let len = 0; len < small.length; len++) {
      const e = errorOf(() => readCorpus(small.subarray(0, len)));
      if (!(e instanceof CorpusFileError)) throw new Error(`length ${len}: ${e.constructor.name}: ${e.message}`);
      expect(e.message).toMatch(len < 4 ? /not a WireTrace corpus file/ : /damaged or truncated/);
    }
    expect(() => readCorpus(small)).not.toThrow();
  });

  test('wrong magic is refused', () => {
    const b = bytes.slice();
    b[0] = 'X'.charCodeAt(0);
    expect(isCorpusFile(b)).toBe(false);
    refused(b, /not a WireTrace corpus file/);
    expect(isCorpusFile(new TextEncoder().encode(`${MAGIC}`))).toBe(true);
    expect(isCorpusFile(new TextEncoder().encode('{"id": 1}'))).toBe(false);
  });

  test('a newer format version is refused with a message saying so', () => {
    const b = bytes.slice();
    b[4] = FORMAT_VERSION + 1;
    const e = refused(b, /newer/);
    expect(e.message).toContain(String(FORMAT_VERSION + 1));
    const old = bytes.slice();
    old[4] = 0;
    expect(errorOf(() => readCorpus(old)).message).toMatch(/unknown corpus file format 0/);
  });

  test('other engine parameters and no records: refused, since nothing can be rebuilt', () => {
    const b = patchHeader(writeCorpus(fxCorpus, { includeRecords: false }), (h) => void (h.engine = { ...ENGINE_PARAMS, winnowWindow: 9 }));
    refused(b, /another engine version/);
  });
});

describe('format 3 details', () => {
  /** Byte ranges of each posting table's counts, checksum, padding and block index in an index-only file. */
  function tableIndexRanges(b: Uint8Array): Array<[number, number]> {
    const r = new ByteReader(b);
    r.raw(5);
    const docs = (JSON.parse(r.string()) as { docs: number }).docs;
    const flags = r.raw(Math.ceil(docs / 8));
    let live = 0;
    for (let i = 0; i < docs; i++) if (flags[i >> 3] & (1 << (i & 7))) live++;
    for (let i = 0; i < 3 * live; i++) r.varint();
    r.bytes();
    const out: Array<[number, number]> = [];
    for (let t = 0; t < 2; t++) {
      const from = r.pos;
      const nKeys = r.varint();
      r.varint();
      const blockKeys = r.varint();
      const dataLength = r.varint();
      r.u32s(1);
      r.pad4();
      r.raw(Math.ceil(nKeys / blockKeys) * 8);
      out.push([from, r.pos]);
      r.raw(dataLength);
    }
    expect(r.u8()).toBe(0); // no records
    expect(r.remaining).toBe(0);
    return out;
  }

  test('a damaged block index is refused with a CorpusFileError, never read as other postings', () => {
    const b = writeCorpus(fixture(9, 6).corpus, { includeRecords: false });
    const ranges = tableIndexRanges(b);
    expect(ranges[0][1] - ranges[0][0]).toBeGreaterThan(16);
    for (const [from, to] of ranges) {
      for (let at = from; at < to; at++) {
        for (const flip of [0x01, 0x40, 0xff]) {
          const d = b.slice();
          d[at] ^= flip;
          refused(d, /damaged or truncated/);
        }
      }
    }
  });
});
