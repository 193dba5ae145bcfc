/** Small `ImportSource` builders for in-memory data, `Blob`/`File` objects and ready-made chunk streams. */
import { DEFAULT_CHUNK_BYTES } from './limits';
import type { ImportSource } from './types';

/** A source over bytes or a string (encoded as UTF-8), handed out in chunks of `chunkSize` bytes. */
export function bytesSource(path: string, data: Uint8Array | string, chunkSize = DEFAULT_CHUNK_BYTES): ImportSource {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return {
    path,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += chunkSize) yield bytes.subarray(at, at + chunkSize);
    },
  };
}

/** A source over a `Blob` or `File` (browser, worker, Node 20), read through its stream. */
export function blobSource(path: string, blob: { stream(): ReadableStream<Uint8Array> }): ImportSource {
  return {
    path,
    async *chunks() {
      const reader = blob.stream().getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          if (value) yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}

/** A source over chunks that are already at hand (an array or any async iterable). */
export function chunksSource(path: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): ImportSource {
  return {
    path,
    async *chunks() {
      for await (const chunk of chunks) yield chunk;
    },
  };
}
