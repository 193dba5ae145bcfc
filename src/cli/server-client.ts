/**
 * The CLI's client of a team corpus server (`--server URL --token T`, or WIRETRACE_SERVER /
 * WIRETRACE_TOKEN): plain fetch, no server code loaded.
 */
import type { ErrorResponse } from '../server/api';
import { UsageError } from './errors';

export interface ServerTarget {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8787. */
  base: string;
  token: string;
}

/** The server answered with an error, or could not be reached. */
export class ServerError extends Error {}

/** The server target from the flags, falling back to the environment; null when no server is named. */
export function serverTarget(server: string | undefined, token: string | undefined, env = process.env): ServerTarget | null {
  const base = server ?? env.WIRETRACE_SERVER;
  if (!base) {
    if (token) throw new UsageError('--token needs --server URL (or WIRETRACE_SERVER)');
    return null;
  }
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`--server must be an http(s) URL, got "${base}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--server must be an http(s) URL, got "${base}"`);
  const t = token ?? env.WIRETRACE_TOKEN;
  if (!t) throw new UsageError('--server needs --token T (or WIRETRACE_TOKEN): create one with `wiretrace server token create NAME`');
  return { base: url.href.replace(/\/+$/, ''), token: t };
}

/** POSTs `body` to `path` and returns the parsed JSON answer; throws ServerError with the server's message. */
export async function postToServer<T>(target: ServerTarget, path: string, body: string, contentType: string): Promise<T> {
  let res: Response | null = null;
  // Both endpoints are idempotent (queries read; ingest skips what it has): a kept-alive connection that a
  // proxy closed as it was reused is retried once on a fresh one.
  for (let attempt = 0; !res; attempt++) {
    try {
      res = await fetch(`${target.base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': contentType },
        body,
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      if (attempt === 0 && (cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET')) continue;
      throw new ServerError(`cannot reach ${target.base}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text.slice(0, 300);
    try {
      message = (JSON.parse(text) as ErrorResponse).message ?? message;
    } catch {
      // not JSON: keep the text
    }
    const retry = res.headers.get('retry-after');
    throw new ServerError(`${target.base}${path} answered ${res.status}: ${message}${retry ? ` (retry after ${retry} s)` : ''}`);
  }
  return JSON.parse(text) as T;
}
