/** The backup codec alone: round trip through gzip in small chunks, plain JSON Lines, and what it refuses. */
import { gunzipSync } from 'fflate';
import { BACKUP_REFUSED, BackupError, backupFileName, type BackupHeader, type BackupRecord } from '../../formats/backup/backup-format';
import { decodeBackup, encodeBackup, readBackupHeader } from '../../formats/backup/backup-stream';
import { bytesSource, collectImport } from '../../formats/import';

const header: BackupHeader = { wiretrace: 'backup', version: 1, createdAt: '2024-03-01T10:00:00.000Z', settings: { minWords: 9 }, counts: { records: 3, imported: 2, captured: 1, history: 0 } };
const records: BackupRecord[] = [
  { id: 'a', title: 'A', outlet: 'AP', url: 'https://a.example/1', published: '2024-01-01', byline: null, text: 'First text ✓ with “quotes”\nand a line break.', origin: 'import', addedAt: '2024-02-01T00:00:00.000Z' },
  { id: 'b', title: null, outlet: null, url: null, published: null, byline: 'By B', text: 'Second text.', origin: 'capture', addedAt: '2024-02-02T09:30:00.000Z' },
  { id: 'c', title: 'C', outlet: 'Reuters', url: null, published: null, byline: null, text: 'x'.repeat(100_000), origin: 'import', addedAt: '2024-02-03T00:00:00.000Z' },
];

async function* from<T>(items: T[]): AsyncIterable<T> {
  for (const i of items) yield i;
}
async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}
async function* pieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
async function decodeAll(chunks: AsyncIterable<Uint8Array>, batch?: number) {
  let h: BackupHeader | null = null;
  const out: BackupRecord[] = [];
  const sizes: number[] = [];
  for await (const e of decodeBackup(chunks, batch)) {
    if (e.type === 'header') h = e.header;
    else if (e.type === 'records') {
      out.push(...e.records);
      sizes.push(e.records.length);
    }
  }
  return { header: h, records: out, sizes };
}

test('round trip in 7-byte chunks, batches bounded, one record per line', async () => {
  const gz = await bytesOf(encodeBackup(header, from([records.slice(0, 2), records.slice(2)])));
  const lines = new TextDecoder().decode(gunzipSync(gz)).trimEnd().split('\n');
  expect(lines).toHaveLength(5);
  expect(JSON.parse(lines[4])).toEqual({ wiretrace: 'end', records: 3, history: 0 });
  const got = await decodeAll(pieces(gz, 7), 2);
  expect(got.header).toEqual(header);
  expect(got.records).toEqual(records);
  expect(Math.max(...got.sizes)).toBeLessThanOrEqual(2);
  expect(await readBackupHeader(pieces(gz, 7))).toEqual(header);
});

test('the same lines uncompressed are read too', async () => {
  const plain = gunzipSync(await bytesOf(encodeBackup(header, from([records]))));
  expect((await decodeAll(pieces(plain, 100))).records).toEqual(records);
});

test('refused with a plain-words BackupError: cut, garbage, wrong count, newer version, not a backup', async () => {
  const gz = await bytesOf(encodeBackup(header, from([records])));
  const plain = new TextDecoder().decode(gunzipSync(gz));
  const enc = (s: string) => new TextEncoder().encode(s);
  const cases: [Uint8Array, RegExp][] = [
    [gz.subarray(0, gz.length - 9), /incomplete/],
    [enc(plain.split('\n').slice(0, 3).join('\n') + '\n'), /incomplete/],
    [enc(plain.replace('"end","records":3,', '"end","records":4,')), /end line says 4/],
    [enc(plain.replace('"records":3,"history":0}', '"records":3,"history":1}')), /end line says 1 history entries, but it holds 0/],
    [enc(plain.replace('"version":1', '"version":3')), /newer WireTrace/],
    [enc(plain.replace('"origin":"capture"', '"origin":"x"')), /line 3 has no origin/],
    [enc(plain + '{"id":"late","text":"t"}\n'), /after its end line/],
    [enc('{"id":"a","text":"an article"}\n'), /not a WireTrace backup/],
    [new Uint8Array(0), /empty/],
    [Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), /damaged|incomplete/],
  ];
  for (const [bytes, message] of cases) {
    const error = await decodeAll(pieces(bytes, 64)).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(message);
  }
});

test('version 2 carries reading-history entries after the records; version 1 files (no history) are still read', async () => {
  const history = [{ v: 1, key: 'news.example/a', checkedAt: '2024-03-01T10:00:00.000Z' }, { v: 1, key: 'news.example/b' }];
  const gz = await bytesOf(encodeBackup({ ...header, version: 2, counts: { ...header.counts, history: 2 } }, from([records]), history));
  const lines = new TextDecoder().decode(gunzipSync(gz)).trimEnd().split('\n').map((l) => JSON.parse(l));
  expect(lines.slice(4)).toEqual([
    { wiretrace: 'history', entry: history[0] },
    { wiretrace: 'history', entry: history[1] },
    { wiretrace: 'end', records: 3, history: 2 },
  ]);
  const events = [];
  for await (const e of decodeBackup(pieces(gz, 11))) events.push(e.type === 'history' ? e : e.type);
  expect(events).toEqual(['header', 'records', { type: 'history', entries: history }]);

  const v1 = ['{"wiretrace":"backup","version":1,"createdAt":"2024-03-01T10:00:00.000Z","settings":{},"counts":{"records":1,"imported":1,"captured":0}}', JSON.stringify(records[0]), '{"wiretrace":"end","records":1}'].join('\n');
  const old = await decodeAll(pieces(new TextEncoder().encode(v1), 5));
  expect(old.header).toMatchObject({ version: 1, counts: { records: 1, history: 0 } });
  expect(old.records).toEqual([records[0]]);
});

test('a plain import refuses a backup with a clear issue; the CLI option reads its records', async () => {
  const gz = await bytesOf(encodeBackup(header, from([records]), [{ v: 1, key: 'news.example/a' }]));
  const refused = await collectImport([bytesSource(backupFileName(new Date(2024, 2, 1)), gz)]);
  expect(refused.records).toEqual([]);
  expect(refused.summary.issues.map((i) => i.reason)).toEqual([BACKUP_REFUSED]);
  const read = await collectImport([bytesSource('b.jsonl.gz', gz)], { readBackups: true });
  expect(read.records.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  expect(read.summary.issues).toEqual([]);
  expect(backupFileName(new Date(2024, 2, 1))).toBe('wiretrace-backup-2024-03-01.jsonl.gz');
});
