import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importSources, type ImportSource } from '../../formats/import';

const CHUNK = 64 * 1024;

/** A JSONL source of about `totalBytes`, generated lazily and handed out in exact 64 KB chunks. */
function generatedJsonl(path: string, totalBytes: number, onClose?: () => void): ImportSource & { chunksRead: () => number } {
  let read = 0;
  return {
    path,
    chunksRead: () => read,
    async *chunks() {
      const encoder = new TextEncoder();
      let pending = new Uint8Array(0);
      let produced = 0;
      let n = 0;
      try {
        while (produced < totalBytes) {
          let lines = '';
          while (lines.length < CHUNK) {
            n++;
            lines += JSON.stringify({
              id: `r${n}`,
              title: `Story ${n}`,
              published: '2024-03-01',
              text: `Record ${n}: ${'lorem ipsum dolor sit amet, é ü € '.repeat(12)}`,
            }) + '\n';
          }
          const bytes = encoder.encode(lines);
          const merged = new Uint8Array(pending.length + bytes.length);
          merged.set(pending);
          merged.set(bytes, pending.length);
          let at = 0;
          for (; at + CHUNK <= merged.length && produced < totalBytes; at += CHUNK) {
            produced += CHUNK;
            read++;
            yield merged.slice(at, at + CHUNK);
          }
          pending = merged.slice(at);
        }
      } finally {
        onClose?.();
      }
    },
  };
}

function getGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('streaming', () => {
  it('imports a 50 MB JSONL in 64 KB chunks without holding it in memory', async () => {
    const gc = getGc();
    const total = 50 * 1024 * 1024;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let records = 0;
    let issues = 0;
    let lastProgress = 0;
    let sinceSample = 0;
    for await (const e of importSources([generatedJsonl('big.jsonl', total)])) {
      if (e.type === 'record') records++;
      else if (e.type === 'issue') issues++;
      else {
        sinceSample += e.bytes - lastProgress;
        lastProgress = e.bytes;
        if (sinceSample >= 4 * 1024 * 1024) {
          sinceSample = 0;
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        }
      }
    }
    expect(lastProgress).toBe(total);
    expect(records).toBeGreaterThan(90_000);
    expect(issues).toBeLessThanOrEqual(1); // the last line may be cut off by the 50 MB mark
    expect(peak).toBeLessThan(40 * 1024 * 1024);
  });

  it('stops promptly when the signal is aborted, closes the source and throws an AbortError', async () => {
    let closed = false;
    const source = generatedJsonl('abort.jsonl', 20 * 1024 * 1024, () => {
      closed = true;
    });
    const controller = new AbortController();
    let records = 0;
    let caught: unknown = null;
    try {
      for await (const e of importSources([source], { signal: controller.signal })) {
        if (e.type === 'record' && ++records === 10) controller.abort();
      }
    } catch (e) {
      caught = e;
    }
    // a DOMException (from Node's realm, so not `instanceof Error` inside jest's sandbox)
    expect((caught as { name?: string } | null)?.name).toBe('AbortError');
    expect(records).toBe(10); // no record after the abort
    expect(closed).toBe(true);
    expect(source.chunksRead()).toBeLessThan(5);
  });

  it('throws the abort reason before reading anything when already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    const source = generatedJsonl('never.jsonl', CHUNK);
    await expect(importSources([source], { signal: controller.signal }).next()).rejects.toThrow('user cancelled');
    expect(source.chunksRead()).toBe(0);
  });
});
