/**
 * A real HTTP file server for the fetch tests (not used by the library): serves files from a folder
 * (e.g. ../shared/models) plus in-memory overrides, honours Range requests unless told not to, and can
 * cut the connection after N bytes to simulate a dropped download.
 */
import { readFileSync, statSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { defaultMirror } from '../../packages/core/src/models/env.js';

/** The offline model mirror the tests copy real files from: `../shared/models` next to the checkout, else this machine's `/work/shared/models`. */
export const SHARED_MODELS: string = defaultMirror() ?? '/work/shared/models';

export interface TestModelServer {
  readonly url: string;
  /** Every request: path and Range header. */
  readonly requests: { path: string; range: string | undefined }[];
  /** Serve these bytes for a file name (overrides the folder). */
  files: Map<string, Uint8Array>;
  /** For a file name: destroy the socket after this many body bytes, for the next `times` requests. */
  cut: Map<string, { after: number; times: number }>;
  /** Honour Range requests (default true). */
  ranges: boolean;
  close(): Promise<void>;
}

export async function startTestModelServer(root?: string): Promise<TestModelServer> {
  const state = {
    requests: [] as { path: string; range: string | undefined }[],
    files: new Map<string, Uint8Array>(),
    cut: new Map<string, { after: number; times: number }>(),
    ranges: true,
  };
  const load = (name: string): Uint8Array | undefined => {
    const mem = state.files.get(name);
    if (mem) return mem;
    if (!root || name.includes('/') || name.startsWith('.')) return undefined;
    try {
      const p = join(root, name);
      return statSync(p).isFile() ? readFileSync(p) : undefined;
    } catch {
      return undefined;
    }
  };
  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const range = req.headers.range;
    state.requests.push({ path: name, range });
    const body = load(name);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    let start = 0;
    let status = 200;
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'accept-ranges': state.ranges ? 'bytes' : 'none' };
    const m = range && state.ranges ? /^bytes=(\d+)-$/.exec(range) : null;
    if (m) {
      start = Number(m[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    }
    const slice = body.subarray(start);
    headers['content-length'] = slice.length;
    res.writeHead(status, headers);
    const cut = state.cut.get(name);
    if (cut && cut.times > 0) {
      cut.times--;
      res.write(slice.subarray(0, Math.min(cut.after, slice.length)), () => {
        // let the bytes reach the client, then drop the connection mid-body
        setTimeout(() => req.socket.destroy(), 20);
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
