/**
 * The one static HTTP server for pages read by the extension: `npm start` (data/: the demo article), the
 * e2e tests (data/, the AEB pages, hostile and pathological pages) and the browser benchmark. Serves the
 * files of one directory on 127.0.0.1 at a random port, with the extra headers a caller needs on HTML (a
 * Content-Security-Policy) and a hook on every request. Only GET/HEAD, no directory listings beyond
 * `index.html`, no path escapes.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  origin: string;
  /** The absolute URL of a path under the served directory (`url('demo/')`). */
  url(path: string): string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Extra response headers for HTML pages (for example a Content-Security-Policy). */
  htmlHeaders?: Record<string, string>;
  /** Called with every request's path and query (before it is served): lets a test see beacon hits. */
  onRequest?: (pathAndQuery: string) => void;
}

export async function serveDirectory(root: string, opts: ServeOptions = {}): Promise<StaticServer> {
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    void (async () => {
      opts.onRequest?.(req.url ?? '/');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      let file = normalize(join(base, pathname));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...(type.startsWith('text/html') ? opts.htmlHeaders : {}) });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => new URL(path.replace(/^\//, ''), `${origin}/`).href,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
